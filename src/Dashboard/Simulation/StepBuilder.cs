using Martin360.Analysis.Model;

namespace Martin360.Dashboard.Simulation;

/// <summary>Appends plausible steps with a model call's tokens and cost behind each agent action.</summary>
internal sealed class StepBuilder(string runId, DateTimeOffset start, string agent, string model, decimal inPerM, decimal outPerM, Random random)
{
    private readonly List<Step> _steps = [];
    private DateTimeOffset _clock = start;

    public IReadOnlyList<Step> Steps => _steps;

    public void User(string text) => Add(StepKind.UserMessage, input: text, tokens: false);

    public void Thought(string text, bool heavy = false) => Add(StepKind.Thought, output: text, heavy: heavy);

    public void Search(string command, string output) =>
        Add(StepKind.Search, command: command, output: output, exitCode: 0);

    public void Read(string path, bool heavy = false) =>
        Add(StepKind.FileRead, files: [new FileTouch(path, FileAction.Read)], output: $"# {path}\ndef compute(items):\n    return sum(i.price for i in items)\n", heavy: heavy);

    public void Edit(string path, string what) =>
        Add(StepKind.FileEdit, files: [new FileTouch(path, FileAction.Edit)], input: $"Edit {path}: {what}", output: "Applied edit.");

    public void Shell(string command, string output, int exitCode) =>
        Add(StepKind.ShellCommand, command: command, output: output, exitCode: exitCode);

    public void Test(string testFile, int failed, int passed, params string[] failing)
    {
        var summary = failed > 0 ? $"{failed} failed, {passed} passed in 1.84s" : $"{passed} passed in 1.62s";
        var lines = failing.Select(f => $"FAILED {f} - AssertionError: assert Decimal('10.01') == Decimal('10.00')");
        var output = string.Join('\n', lines.Append($"========== {summary} =========="));
        Add(StepKind.VerifierRun, command: $"pytest -q {testFile}", output: output, exitCode: failed > 0 ? 1 : 0,
            verifier: new VerifierResult { Framework = "pytest", Passed = passed, Failed = failed, Success = failed == 0, FailingTests = failing });
    }

    public void Claim(string text) => Add(StepKind.CompletionClaim, output: text);

    private void Add(StepKind kind, string? input = null, string? output = null, string? command = null, int? exitCode = null,
        IReadOnlyList<FileTouch>? files = null, VerifierResult? verifier = null, bool tokens = true, bool heavy = false)
    {
        var sequence = _steps.Count + 1;
        var duration = TimeSpan.FromMilliseconds(random.Next(400, kind == StepKind.VerifierRun ? 9000 : 2500));
        var inputTokens = tokens ? random.Next(heavy ? 18_000 : 2_000, heavy ? 26_000 : 9_000) : 0;
        var outputTokens = tokens ? random.Next(80, heavy ? 1_500 : 600) : 0;
        var cost = tokens ? Math.Round((inputTokens * inPerM + outputTokens * outPerM) / 1_000_000m, 6) : (decimal?)null;
        _steps.Add(new Step
        {
            Id = $"{runId}-s{sequence:D4}",
            Sequence = sequence,
            Kind = kind,
            Agent = agent,
            Timestamp = _clock,
            Duration = duration,
            Model = tokens ? model : null,
            Tokens = new TokenUsage(inputTokens, outputTokens),
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
            Command = command,
            ExitCode = exitCode,
            IsError = exitCode is > 0,
            Files = files ?? [],
            Verifier = verifier,
            Input = input,
            Output = output,
        });
        _clock += duration + TimeSpan.FromMilliseconds(random.Next(200, 1500));
    }
}
