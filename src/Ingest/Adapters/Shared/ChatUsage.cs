using System.Text.Json;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>
/// Token usage in the OpenAI / LiteLLM shape (prompt_tokens, completion_tokens, cached and cache-write details).
/// prompt_tokens there includes cached and cache-written tokens; our Input counts only the uncached rest, so the
/// cache tiers are subtracted (never below zero).
/// </summary>
internal static class ChatUsage
{
    public static TokenUsage Read(JsonElement? usage)
    {
        if (usage is not { ValueKind: JsonValueKind.Object } u)
        {
            return TokenUsage.Zero;
        }

        var prompt = u.Prop("prompt_tokens").Long() ?? u.Prop("input_tokens").Long() ?? 0;
        var completion = u.Prop("completion_tokens").Long() ?? u.Prop("output_tokens").Long() ?? 0;
        var cacheRead = u.Prop("cache_read_input_tokens").Long()
            ?? u.Prop("cache_read_tokens").Long()
            ?? u.Path("prompt_tokens_details", "cached_tokens").Long()
            ?? 0;
        var cacheWrite = u.Prop("cache_creation_input_tokens").Long() ?? u.Prop("cache_write_tokens").Long() ?? 0;
        var reasoning = u.Path("completion_tokens_details", "reasoning_tokens").Long() ?? 0;
        var input = Math.Max(0, prompt - cacheRead - cacheWrite);
        return new TokenUsage(input, Math.Max(0, completion), Math.Max(0, cacheRead), Math.Max(0, cacheWrite), Math.Max(0, reasoning));
    }
}
