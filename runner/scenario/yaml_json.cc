#include "scenario/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <optional>
#include <string_view>

#include "diag/input_limits.h"
#include "diag/line_index.h"
#include "diag/text_check.h"
#include "scenario/yaml_limits.h"

namespace ks {

namespace {

SourceLoc LocOf(const YAML::Mark& mark, const std::string& file) {
  if (mark.line < 0) return SourceLoc{file, 0, 0};
  return SourceLoc{file, mark.line + 1, mark.column + 1};
}

// Hints for the yaml-cpp messages that beginners meet most; the message itself stays as
// yaml-cpp wrote it because it is what a web search for the problem will find.
std::string SyntaxHint(const std::string& message, const std::string& text, int line) {
  const std::optional<std::string_view> source_line = LineIndex(text).Line(line);
  if (source_line && source_line->starts_with('\t')) {
    return "indent with spaces: YAML does not allow tabs";
  }
  if (message == "illegal map value") {
    return "a value containing ': ' must be quoted";
  }
  if (message == "end of map not found" || message == "end of sequence not found") {
    return "check the indentation of this line against the lines above";
  }
  if (message.starts_with("end of sequence flow not found")) return "a '[' is never closed";
  if (message.starts_with("end of map flow not found")) return "a '{' is never closed";
  return "";
}

class Converter {
 public:
  Converter(const std::string& file, SourceMap* sources, std::vector<Diagnostic>* diagnostics)
      : file_(file), sources_(sources), diagnostics_(diagnostics) {}

  nlohmann::json Convert(const YAML::Node& node, const std::string& pointer,
                         const SourceLoc& key_loc) {
    NodeSource source;
    source.value = LocOf(node.Mark(), file_);
    // yaml-cpp places an empty value (`partitions:` then a newline) at the next token, often on a
    // later line; the key is where the reader will look.
    if (node.IsNull() && key_loc.line > 0 &&
        (source.value.line == 0 || source.value.line != key_loc.line)) {
      source.value = key_loc;
    }
    source.key = key_loc.line > 0 ? key_loc : source.value;
    nlohmann::json out;
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        source.text = node.Scalar();
        source.quoted = node.Tag() != "?";
        out = ScalarValue(node, source.quoted);
        break;
      case YAML::NodeType::Sequence: {
        out = nlohmann::json::array();
        size_t index = 0;
        for (const YAML::Node& item : node) {
          out.push_back(Convert(item, JsonPointerChild(pointer, index++), SourceLoc{}));
        }
        break;
      }
      case YAML::NodeType::Map:
        out = nlohmann::json::object();
        for (const auto& member : node) {
          const SourceLoc member_key_loc = LocOf(member.first.Mark(), file_);
          if (!member.first.IsScalar()) {
            diagnostics_->push_back(
                {member_key_loc, "a key must be plain text, not a list or a map", ""});
            continue;
          }
          const std::string key = member.first.Scalar();
          if (out.contains(key)) {
            const NodeSource* first = sources_->Find(JsonPointerChild(pointer, key));
            diagnostics_->push_back(
                {member_key_loc, "duplicate key '" + key + "'",
                 first != nullptr ? "first given on line " + std::to_string(first->key.line) : ""});
            continue;
          }
          out[key] = Convert(member.second, JsonPointerChild(pointer, key), member_key_loc);
        }
        break;
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out = nullptr;
        break;
    }
    sources_->Set(pointer, std::move(source));
    return out;
  }

 private:
  static nlohmann::json ScalarValue(const YAML::Node& node, bool quoted) {
    const std::string& text = node.Scalar();
    if (quoted || text.empty()) return text;
    // yaml-cpp's converters go through a stringstream each; the first character rules out most
    // names and words cheaply without changing which scalars they accept.
    const char first = text[0];
    if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
      long long integer = 0;
      if (YAML::convert<long long>::decode(node, integer)) return integer;
      double real = 0;
      // .inf and .nan have no JSON form; as strings they fail validation with a readable message.
      if (YAML::convert<double>::decode(node, real) && std::isfinite(real)) return real;
    }
    if (std::string_view("tTfFyYnNoO").find(first) != std::string_view::npos) {
      bool boolean = false;
      if (YAML::convert<bool>::decode(node, boolean)) return boolean;
    }
    return text;
  }

  const std::string& file_;
  SourceMap* sources_;
  std::vector<Diagnostic>* diagnostics_;
};

const NodeSource* FindSelfOrAncestor(const SourceMap& map, std::string pointer) {
  while (true) {
    if (const NodeSource* s = map.Find(pointer)) return s;
    if (pointer.empty()) return nullptr;
    pointer.resize(pointer.rfind('/'));
  }
}

}  // namespace

void SourceMap::Set(const std::string& pointer, NodeSource source) {
  nodes_[pointer] = std::move(source);
}

const NodeSource* SourceMap::Find(const std::string& pointer) const {
  const auto it = nodes_.find(pointer);
  return it == nodes_.end() ? nullptr : &it->second;
}

SourceLoc SourceMap::ValueLoc(const std::string& pointer) const {
  const NodeSource* s = FindSelfOrAncestor(*this, pointer);
  return s != nullptr ? s->value : SourceLoc{};
}

SourceLoc SourceMap::KeyLoc(const std::string& pointer) const {
  if (const NodeSource* s = Find(pointer)) return s->key;
  return ValueLoc(pointer);
}

std::string JsonPointerChild(const std::string& parent, std::string_view key) {
  std::string out = parent;
  out.reserve(parent.size() + key.size() + 1);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string JsonPointerChild(const std::string& parent, size_t index) {
  return parent + '/' + std::to_string(index);
}

bool YamlToJson(const std::string& text, const std::string& file, YamlJson* out,
                std::vector<Diagnostic>* diagnostics) {
  // Limits first (input_limits.h): invalid UTF-8 is read out of bounds by valijson, and the
  // node tree of an alias bomb does not fit in memory.
  std::optional<Diagnostic> breach =
      CheckText(text, file, limits::kMaxYamlFileBytes, ControlCharacters::kRefused);
  YAML::Node root;
  try {
    if (!breach) breach = FindYamlLimitBreach(text, file);
    if (breach) {
      diagnostics->push_back(std::move(*breach));
      return false;
    }
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const SourceLoc loc = LocOf(e.mark, file);
    diagnostics->push_back({loc, "invalid YAML: " + e.msg, SyntaxHint(e.msg, text, loc.line)});
    return false;
  }
  Converter converter(file, &out->sources, diagnostics);
  out->value = converter.Convert(root, "", SourceLoc{});
  return true;
}

}  // namespace ks
