#include "scenario/yaml_limits.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "diag/input_limits.h"
#include "diag/text_check.h"

namespace ks {

namespace {

// Thrown from the event handler to stop the parser at the first breach.
struct Breach {
  Diagnostic diagnostic;
};

// What a node holds once its aliases are expanded.
struct Size {
  uint64_t nodes = 0;
  uint64_t bytes = 0;
};

// Counts nodes and bytes as the parser reports them. Every count is checked as it grows, so none
// exceeds its limit by more than one anchor's content (itself within the limit): no overflow.
class LimitCounter : public YAML::EventHandler {
 public:
  explicit LimitCounter(const std::string& file) : file_(file) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(mark, {1, 0}, false);
    Anchor(anchor, {1, 0});
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || !anchors_[anchor]) {
      Fail(mark, "this alias refers to the anchor of a map or list that contains it",
           "an alias inside its own anchor would make the document infinite");
    }
    Add(mark, *anchors_[anchor], true);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    CheckTag(mark, tag);
    if (value.size() > limits::kMaxYamlScalarBytes) {
      Fail(mark,
           "this value is " + ByteSizeText(value.size()) + ", over the limit of " +
               ByteSizeText(limits::kMaxYamlScalarBytes) + " for one value",
           "move long texts into a separate file");
    }
    const Size size{1, value.size()};
    Add(mark, size, false);
    Anchor(anchor, size);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, tag, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, tag, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    Size at_start;  // the document's totals when the map or list began
    YAML::anchor_t anchor;
  };

  [[noreturn]] void Fail(const YAML::Mark& mark, std::string message, std::string hint) {
    throw Breach{
        {SourceLoc{file_, mark.line + 1, mark.column + 1}, std::move(message), std::move(hint)}};
  }

  // yaml-cpp gives "?" for a plain node and "!" for a quoted scalar; anything else was written.
  void CheckTag(const YAML::Mark& mark, const std::string& tag) {
    if (tag == "?" || tag == "!") return;
    static const std::string kCore = "tag:yaml.org,2002:";
    const std::string shown = tag.starts_with(kCore) ? "!!" + tag.substr(kCore.size()) : tag;
    Fail(mark, "YAML tags are not supported: '" + shown + "'",
         "remove the tag; to make a value a string, quote it");
  }

  void Open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    CheckTag(mark, tag);
    if (stack_.size() >= static_cast<size_t>(limits::kMaxYamlDepth)) {
      Fail(mark,
           "maps and lists are nested more than " + std::to_string(limits::kMaxYamlDepth) +
               " levels deep here, over the limit",
           "the bundled lessons need at most 6 levels");
    }
    Add(mark, {1, 0}, false);
    stack_.push_back({total_, anchor});
    // Registered now but sized at its end: an alias to it before then is a cycle (OnAlias).
    if (anchor != 0) SetAnchor(anchor, std::nullopt);
  }

  void Close() {
    const Frame frame = stack_.back();
    stack_.pop_back();
    // The map or list itself was counted before at_start was taken.
    Anchor(frame.anchor,
           {total_.nodes - frame.at_start.nodes + 1, total_.bytes - frame.at_start.bytes});
  }

  // Counts `size` more; `alias` says the growth comes from using an alias, so the message can say
  // that this one line is what expands.
  void Add(const YAML::Mark& mark, const Size& size, bool alias) {
    total_.nodes += size.nodes;
    total_.bytes += size.bytes;
    const std::string subject =
        alias ? "this alias expands the document to more than " : "the document has more than ";
    const std::string hint =
        alias ? "each use of an alias counts its anchor's whole content; use fewer" : "";
    if (total_.nodes > limits::kMaxYamlNodes) {
      Fail(mark,
           subject + CountText(limits::kMaxYamlNodes) +
               " nodes (maps, lists and values), the limit for a file",
           hint);
    }
    if (total_.bytes > limits::kMaxYamlExpandedBytes) {
      Fail(mark,
           subject + ByteSizeText(limits::kMaxYamlExpandedBytes) +
               " of values, the limit for a file",
           hint);
    }
  }

  void Anchor(YAML::anchor_t anchor, const Size& size) {
    if (anchor != 0) SetAnchor(anchor, size);
  }

  void SetAnchor(YAML::anchor_t anchor, std::optional<Size> size) {
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    anchors_[anchor] = size;
  }

  const std::string& file_;
  Size total_;
  std::vector<Frame> stack_;
  std::vector<std::optional<Size>> anchors_;  // by yaml-cpp's anchor id (1, 2, ...)
};

}  // namespace

std::optional<Diagnostic> FindYamlLimitBreach(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  LimitCounter counter(file);
  try {
    parser.HandleNextDocument(counter);
  } catch (Breach& breach) {
    return std::move(breach.diagnostic);
  }
  return std::nullopt;
}

}  // namespace ks
