using System.Text.Json;
using System.Text.Json.Serialization;

namespace Martin360.Dashboard.Cli;

/// <summary>
/// `analyze --json` lines, serialised by generated code (web defaults: camelCase): no reflection over the report types
/// at start-up, which cost a one-shot CLI run more than writing all of its lines.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AnalyzeReport))]
[JsonSerializable(typeof(AnalyzeError))]
internal sealed partial class AnalyzeJsonContext : JsonSerializerContext;
