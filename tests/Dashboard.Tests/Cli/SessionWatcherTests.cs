using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Martin360.Dashboard.Cli;
using Martin360.Tests.Shared;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Cli;

/// <summary>`martin360 watch`: a Claude Code session written line by line shows up on the server as it grows.</summary>
public sealed class SessionWatcherTests : IAsyncLifetime
{
    private const string Session = "1af7fc5e-8455-4414-9ccd-011d40f70b2a";

    // The tool_use of line 10 (Glob); its tool_result ("No files found") is on line 15.
    private const string LateTool = "toolu_01QhjL1byZZsWexdkc7SBXUi";

    private AppHost _host = null!;
    private HttpClient _http = null!;
    private DirectoryInfo _projects = null!;
    private readonly StringWriter _output = new();

    public async ValueTask InitializeAsync()
    {
        _host = await AppHost.StartAsync();
        _http = _host.CreateClient();
        _projects = Directory.CreateTempSubdirectory("m360-watch-");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _projects.Delete(recursive: true);
    }

    [Fact]
    public async Task PollOnce_SessionWrittenInChunks_StepCountGrowsWithEveryCompleteLine()
    {
        var cancel = TestContext.Current.CancellationToken;
        var lines = File.ReadAllLines(TraceFiles.PathOf($"claude-code/{Session}.jsonl"));
        var folder = Directory.CreateDirectory(Path.Combine(_projects.FullName, "-home-dev-sample-project"));
        var file = Path.Combine(folder.FullName, Session + ".jsonl");
        var watcher = new SessionWatcher(new ImportClient(_http), _projects.FullName, _output);

        // Counted with jq over the file's lines (type, content block types): lines 1-4 hold 2 user prompts,
        // 1 assistant text, 1 tool_use = 4 steps; lines 5-10 add 5 tool_use (line 5 is a tool_result) = 9.
        await AppendAsync(file, lines[..4], cancel);
        Assert.Single(await watcher.PollOnceAsync(cancel));
        Assert.Equal(4, (await RunAsync()).GetProperty("stepCount").GetInt32());

        // Lines 5-10 and the first half of line 11: the partial line waits.
        await AppendAsync(file, lines[4..10], cancel);
        await File.AppendAllTextAsync(file, lines[10][..(lines[10].Length / 2)], cancel);
        Assert.Single(await watcher.PollOnceAsync(cancel));
        var middle = await RunAsync();
        Assert.Equal(9, middle.GetProperty("stepCount").GetInt32());
        Assert.Null(OutputOf(middle, LateTool));
        Assert.DoesNotContain("line 11", _output.ToString());

        // Nothing changed: nothing is posted.
        Assert.Empty(await watcher.PollOnceAsync(cancel));

        // The rest of line 11 and the remaining lines: all 17 steps (2 prompts, 3 texts, 12 tool_use), and the
        // tool call seen before its result now carries the result.
        await File.AppendAllTextAsync(file, lines[10][(lines[10].Length / 2)..] + "\n", cancel);
        await AppendAsync(file, lines[11..], cancel);
        var last = Assert.Single(await watcher.PollOnceAsync(cancel));
        Assert.Equal("imported", last.Status);
        var done = await RunAsync();
        Assert.Equal(17, done.GetProperty("stepCount").GetInt32());
        Assert.Equal("No files found", OutputOf(done, LateTool));
        Assert.Contains($"-home-dev-sample-project/{Session}.jsonl [claude-code] 1 run, 8 steps new, 9 duplicates", _output.ToString());
    }

    [Fact]
    public async Task PollOnce_FileTruncatedAndRewritten_PostsItAgainFromTheStart()
    {
        var cancel = TestContext.Current.CancellationToken;
        var lines = File.ReadAllLines(TraceFiles.PathOf($"claude-code/{Session}.jsonl"));
        var file = Path.Combine(_projects.FullName, Session + ".jsonl");
        var watcher = new SessionWatcher(new ImportClient(_http), _projects.FullName, _output);
        await AppendAsync(file, lines, cancel);
        await watcher.PollOnceAsync(cancel);

        await File.WriteAllTextAsync(file, "", cancel);
        await AppendAsync(file, lines[..4], cancel);
        var again = Assert.Single(await watcher.PollOnceAsync(cancel));

        Assert.Equal(4, again.DuplicateSteps);
        Assert.Equal(17, (await RunAsync()).GetProperty("stepCount").GetInt32());
    }

    private static async Task AppendAsync(string file, IEnumerable<string> lines, CancellationToken cancellationToken) =>
        await File.AppendAllTextAsync(file, string.Concat(lines.Select(l => l + "\n")), Encoding.UTF8, cancellationToken);

    private async Task<JsonElement> RunAsync() =>
        await _http.GetFromJsonAsync<JsonElement>($"api/v1/runs/{Session}", TestContext.Current.CancellationToken);

    private static string? OutputOf(JsonElement run, string stepId)
    {
        var step = run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString()!.Contains(stepId, StringComparison.Ordinal));
        return step.TryGetProperty("output", out var output) ? output.GetString() : null;
    }
}
