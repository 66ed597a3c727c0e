// `kafka-scenario checks`: the catalogue as a table.
#include "report/check_table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "scenario/check_catalogue.h"

namespace ks {
namespace {

TEST(CheckTable, MarkdownHasAHeaderAndOneRowPerCheck) {
  const std::string table = FormatCheckTable(/*markdown=*/true);
  std::istringstream lines(table);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "| check | scope | figures (main first) | meaning |");
  std::getline(lines, line);
  EXPECT_EQ(line, "| --- | --- | --- | --- |");
  size_t rows = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(rows, CheckCatalogue().size());
    EXPECT_EQ(line.rfind("| `" + CheckCatalogue()[rows].name + "` |", 0), 0u) << line;
    ++rows;
  }
  EXPECT_EQ(rows, CheckCatalogue().size());
}

TEST(CheckTable, ScopeFiguresAndWhatANameImplies) {
  const std::string table = FormatCheckTable(/*markdown=*/true);
  EXPECT_NE(table.find("| `no_loss` | group; topic | lost, unseen | every acknowledged record was "
                       "consumed by the group: lost 0 and unseen 0 (means lost max 0, unseen max "
                       "0) |"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("| `produced` | producer and/or topic | produced, sent, failed, "
                       "indeterminate |"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("(without bounds: keys_out_of_order max 0) |"), std::string::npos) << table;
}

TEST(CheckTable, TextIsABlockPerCheck) {
  const std::string text = FormatCheckTable(/*markdown=*/false);
  EXPECT_NE(text.find("partition_order (group; member, topic)\n    figures: nonmonotonic\n    "),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find('|'), std::string::npos);
}

}  // namespace
}  // namespace ks
