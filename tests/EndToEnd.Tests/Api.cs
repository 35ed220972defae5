using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Martin360.EndToEnd.Tests;

/// <summary>Posts to the app the way an agent harness would.</summary>
internal static class Api
{
    public static async Task CreateRunAsync(HttpClient client, string id, string title, string agent = "claude-code")
    {
        var response = await client.PostAsync("api/v1/runs", Json(JsonSerializer.Serialize(new { id, agent = new { name = agent }, task = new { title } })));
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> AppendAsync(HttpClient client, string runId, params object[] steps)
    {
        var response = await client.PostAsync($"api/v1/runs/{runId}/steps", Json(JsonSerializer.Serialize(new { steps })));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
