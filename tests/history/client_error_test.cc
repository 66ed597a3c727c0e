// Which client errors say the client could not encrypt, authenticate or be authorised: the
// console shows those even in a run with faults. Spelled as librdkafka names them.
#include "history/client_error.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

namespace ks {
namespace {

TEST(IsSecurityErrorTest, SecurityErrorsAreThoseNoBrokerOutageCauses) {
  for (rd_kafka_resp_err_t e :
       {RD_KAFKA_RESP_ERR__SSL, RD_KAFKA_RESP_ERR__AUTHENTICATION,
        RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE,
        RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED}) {
    EXPECT_TRUE(IsSecurityError(rd_kafka_err2name(e))) << rd_kafka_err2name(e);
  }
  for (rd_kafka_resp_err_t e : {RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
                                RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__TIMED_OUT}) {
    EXPECT_FALSE(IsSecurityError(rd_kafka_err2name(e))) << rd_kafka_err2name(e);
  }
}

}  // namespace
}  // namespace ks
