using System.Text.Json;

namespace Martin360.Ingest.Policies;

/// <summary>How a policy is stored: camelCase JSON, the same names the validation errors use for fields.</summary>
public static class PolicyJson
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);

    public static string Serialize(Policy policy) => JsonSerializer.Serialize(policy, s_options);

    public static Policy Deserialize(string json) => JsonSerializer.Deserialize<Policy>(json, s_options) ?? Policy.Default;
}
