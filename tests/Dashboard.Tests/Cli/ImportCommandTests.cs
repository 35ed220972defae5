using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Dashboard.Cli;
using Martin360.Tests.Shared;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Cli;

/// <summary>`martin360 import` against the real app on port 0, with the real Claude Code samples.</summary>
public sealed class ImportCommandTests : IAsyncLifetime
{
    // /work/shared/traces/claude-code holds 7 files; `jq -r '.sessionId // .session_id' FILE | sort -u` gives one
    // session per file, six distinct ids, and agent-test-hash-123.jsonl (same session as 5c0375b4, isSidechain
    // lines with an agentId) is that session's sub-agent, a run of its own: 7 runs.
    private const int ClaudeCodeRuns = 7;

    // 1af7fc5e-...jsonl: `jq` over its 29 lines: 2 user prompts (string/text content), 3 assistant text blocks,
    // 12 tool_use blocks (each paired with a tool_result in a later user line) = 17 steps.
    private const string SmallSession = "1af7fc5e-8455-4414-9ccd-011d40f70b2a";
    private const int SmallSessionSteps = 17;

    private AppHost _host = null!;
    private HttpClient _http = null!;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private DirectoryInfo _temp = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await AppHost.StartAsync();
        _http = _host.CreateClient();
        _temp = Directory.CreateTempSubdirectory("m360-import-");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_ClaudeCodeDirectory_CreatesARunPerSessionAndExitsZero()
    {
        var exit = await ImportAsync(TraceFiles.PathOf("claude-code"));

        Assert.Equal(0, exit);
        var runs = await RunsAsync();
        Assert.Equal(ClaudeCodeRuns, runs.Count);
        Assert.Equal(SmallSessionSteps, runs.Single(r => r.GetProperty("id").GetString() == SmallSession).GetProperty("stepCount").GetInt32());
        var text = _output.ToString();
        Assert.Contains($"ok      {SmallSession}.jsonl [claude-code] 1 run, {SmallSessionSteps} steps new, 0 duplicates", text);
        Assert.Contains("7 file(s): 7 imported, 0 partial, 0 failed", text);
    }

    [Fact]
    public async Task Run_SameDirectoryTwice_ReportsDuplicatesAndCreatesNothingNew()
    {
        Assert.Equal(0, await ImportAsync(TraceFiles.PathOf("claude-code")));
        var before = await RunsAsync();
        var storedSteps = before.Sum(r => r.GetProperty("stepCount").GetInt32());
        _output.GetStringBuilder().Clear();

        var exit = await ImportAsync(TraceFiles.PathOf("claude-code"));

        Assert.Equal(0, exit);
        var after = await RunsAsync();
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(storedSteps, after.Sum(r => r.GetProperty("stepCount").GetInt32()));
        var text = _output.ToString();
        Assert.Contains($"{SmallSession}.jsonl [claude-code] 1 run, 0 steps new, {SmallSessionSteps} duplicates", text);
        Assert.Contains($"{ClaudeCodeRuns} runs, 0 new steps, {storedSteps} duplicates", text);
    }

    [Fact]
    public async Task Run_TruncatedAndBinaryFiles_ExitsOneAndNamesTheFilesAndTheLine()
    {
        // Line 6 of the session cut in half, the other lines intact: the good lines import, line 6 is reported.
        var lines = File.ReadAllLines(TraceFiles.PathOf($"claude-code/{SmallSession}.jsonl"));
        lines[5] = lines[5][..(lines[5].Length / 2)];
        File.WriteAllLines(Path.Combine(_temp.FullName, "cut.jsonl"), lines);
        File.WriteAllBytes(Path.Combine(_temp.FullName, "blob.jsonl"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);

        var exit = await ImportAsync(_temp.FullName);

        Assert.Equal(ImportCommand.ExitFilesNotImported, exit);
        var text = _output.ToString();
        Assert.Contains("PARTIAL cut.jsonl [claude-code] 1 run", text);
        Assert.Contains("cut.jsonl: line 6", text);
        Assert.Contains("FAILED  blob.jsonl", text);
        Assert.Contains("not fully imported (partial): cut.jsonl", text);
        Assert.Contains("not fully imported (failed): blob.jsonl", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Run_ServerNotListening_ExitsTwoWithAMessageAndNoStackTrace()
    {
        using var nowhere = ImportClient.CreateHttp("http://127.0.0.1:1", AppHost.ApiKey);
        var command = new ImportCommand(new ImportClient(nowhere), CliConsole.Create(_output, interactive: false), _error);

        var exit = await command.RunAsync([TraceFiles.PathOf($"claude-code/{SmallSession}.jsonl")], null, TestContext.Current.CancellationToken);

        Assert.Equal(ImportCommand.ExitUsage, exit);
        Assert.Contains("cannot reach the server at http://127.0.0.1:1/", _error.ToString());
        Assert.DoesNotContain("   at ", _error.ToString() + _output.ToString());
    }

    [Fact]
    public async Task Run_WrongApiKey_ExitsTwoAndImportsNothing()
    {
        using var wrongKey = _host.CreateClient("not-a-key");
        var command = new ImportCommand(new ImportClient(wrongKey), CliConsole.Create(_output, interactive: false), _error);

        var exit = await command.RunAsync([TraceFiles.PathOf("claude-code")], null, TestContext.Current.CancellationToken);

        Assert.Equal(ImportCommand.ExitUsage, exit);
        Assert.Contains("refused the API key (401)", _error.ToString());
        Assert.Empty(await RunsAsync());
    }

    [Fact]
    public async Task Run_MissingPath_ExitsTwoAndNamesIt()
    {
        var missing = Path.Combine(_temp.FullName, "nope");

        var exit = await ImportAsync(missing);

        Assert.Equal(ImportCommand.ExitUsage, exit);
        Assert.Contains("no such file or directory: " + missing, _error.ToString());
    }

    private async Task<int> ImportAsync(params string[] paths)
    {
        var command = new ImportCommand(new ImportClient(_http), CliConsole.Create(_output, interactive: false), _error);
        return await command.RunAsync(paths, null, TestContext.Current.CancellationToken);
    }

    private async Task<IReadOnlyList<JsonElement>> RunsAsync()
    {
        var list = await _http.GetFromJsonAsync<JsonElement>("api/v1/runs?take=500", TestContext.Current.CancellationToken);
        return [.. list.GetProperty("items").EnumerateArray()];
    }
}
