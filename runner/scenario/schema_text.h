#pragma once

namespace ks {

/// The text of schemas/scenario.schema.json, compiled into the binary at build time.
const char* ScenarioSchemaText();

/// The text of schemas/target.schema.json, compiled into the binary at build time.
const char* TargetSchemaText();

}  // namespace ks
