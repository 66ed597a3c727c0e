#include "diag/secrets.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

TEST(Secrets, CredentialPropertiesAreSecret) {
  for (const char* key : {"sasl.password", "ssl.key.password", "ssl.keystore.password",
                          "sasl.oauthbearer.client.secret", "ssl.key.pem",
                          "sasl.oauthbearer.config", "SASL.PASSWORD", "sasl.jaas.config"}) {
    EXPECT_TRUE(IsSecretProperty(key)) << key;
  }
  for (const char* key : {"sasl.username", "sasl.mechanism", "security.protocol", "ssl.ca.location",
                          "bootstrap.servers", "acks"}) {
    EXPECT_FALSE(IsSecretProperty(key)) << key;
  }
}

TEST(Secrets, RegisteredValuesAreRedactedEverywhereInAText) {
  const std::string before = Redact("password is hunter2-long, twice: hunter2-long");
  EXPECT_EQ(before, "password is hunter2-long, twice: hunter2-long");  // not registered yet
  RegisterSecret("hunter2-long");
  RegisterSecret("hunter2-long-and-more");  // a secret containing another goes whole
  EXPECT_EQ(Redact("password is hunter2-long, twice: hunter2-long"), "password is ***, twice: ***");
  EXPECT_EQ(Redact("x=hunter2-long-and-more;"), "x=***;");
  EXPECT_EQ(Redact("nothing here"), "nothing here");
  const size_t n = RegisteredSecrets();
  RegisterSecret("abc");  // too short to redact without mangling ordinary text
  RegisterSecret("hunter2-long");
  EXPECT_EQ(RegisteredSecrets(), n);
  EXPECT_EQ(Redact("abc"), "abc");
}

TEST(Secrets, EscapedFormsAreRedactedAndNumbersAreNotRegistered) {
  RegisterSecret("p\"a&s<s");
  EXPECT_EQ(Redact("json: \"p\\\"a&s<s\""), "json: \"***\"");  // as a JSON string holds it
  EXPECT_EQ(Redact("xml: p&quot;a&amp;s&lt;s"), "xml: ***");
  EXPECT_EQ(Redact("raw: p\"a&s<s"), "raw: ***");
  EXPECT_FALSE(IsRedactable("123456"));  // would also match figures in every report
  EXPECT_TRUE(IsRedactable("1234x"));
  RegisterSecret("123456");
  EXPECT_EQ(Redact("acknowledged 123456"), "acknowledged 123456");
}

}  // namespace
}  // namespace ks
