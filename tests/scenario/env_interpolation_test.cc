#include "scenario/env_interpolation.h"

#include <gtest/gtest.h>

#include <map>

#include "support/fake_env.h"

namespace ks {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return test_support::FakeEnv(std::move(vars));
}

std::string Expand(const std::string& text, const EnvLookup& env) {
  std::string out, error;
  if (!InterpolateEnv(text, env, &out, &error)) return "error: " + error;
  return out;
}

TEST(InterpolateEnv, ReplacesReferencesAndKeepsTheRest) {
  const EnvLookup env = Env({{"USER_NAME", "alice"}, {"PASS", "s3cr3t"}, {"EMPTY", ""}});
  EXPECT_EQ(Expand("plain text", env), "plain text");
  EXPECT_EQ(Expand("${env:USER_NAME}", env), "alice");
  EXPECT_EQ(Expand("u=${env:USER_NAME} p=${env:PASS}!", env), "u=alice p=s3cr3t!");
  EXPECT_EQ(Expand("${env:MISSING:-fallback}", env), "fallback");
  EXPECT_EQ(Expand("${env:EMPTY:-fallback}", env), "fallback");  // the shell's :-
  EXPECT_EQ(Expand("${env:EMPTY}", env), "");
  EXPECT_EQ(Expand("${env:PASS:-unused}", env), "s3cr3t");
  EXPECT_EQ(Expand("cost $5, literal $${env:PASS}", env), "cost $5, literal ${env:PASS}");
}

TEST(InterpolateEnv, SaysWhatIsWrong) {
  const EnvLookup env = Env({});
  EXPECT_EQ(Expand("${env:KAFKA_PASSWORD}", env),
            "error: environment variable KAFKA_PASSWORD is not set");
  EXPECT_EQ(Expand("${env:KAFKA", env),
            "error: unterminated '${' (write ${env:NAME}, or $${ for a literal ${)");
  EXPECT_EQ(Expand("${KAFKA}", env),
            "error: '${KAFKA}' is not an environment reference: write ${env:NAME}");
  EXPECT_EQ(Expand("${env:1BAD}", env),
            "error: '1BAD' is not an environment variable name (letters, digits and _)");
}

TEST(InterpolateEnv, ReadsTheProcessEnvironment) {
  ::setenv("KS_INTERPOLATION_TEST", "from-env", 1);
  EXPECT_EQ(Expand("${env:KS_INTERPOLATION_TEST}", ProcessEnv()), "from-env");
  ::unsetenv("KS_INTERPOLATION_TEST");
  EXPECT_EQ(Expand("${env:KS_INTERPOLATION_TEST:-gone}", ProcessEnv()), "gone");
}

}  // namespace
}  // namespace ks
