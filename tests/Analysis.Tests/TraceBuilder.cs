using Martin360.Analysis.Model;

namespace Martin360.Analysis.Tests;

/// <summary>Builds small traces step by step: sequence numbers 1, 2, 3, ...; every step costs 100 tokens and $0.01 unless told.</summary>
public sealed class TraceBuilder
{
    private readonly List<Step> _steps = [];
    private Run _run = new() { Id = "run-1", SourceFormat = "test", Status = RunStatus.Completed, TaskTitle = "Fix the bug" };

    public long NextSequence => _steps.Count + 1;

    public TraceBuilder Task(string title, string? objective = null)
    {
        _run = _run with { TaskTitle = title, TaskObjective = objective };
        return this;
    }

    public TraceBuilder Run(Func<Run, Run> change)
    {
        _run = change(_run);
        return this;
    }

    public TraceBuilder Add(StepKind kind, Func<Step, Step>? change = null, long tokens = 100, decimal? usd = 0.01m)
    {
        var sequence = NextSequence;
        var step = new Step
        {
            Id = $"s{sequence}",
            Sequence = sequence,
            Kind = kind,
            Tokens = new TokenUsage(Input: tokens),
            CostUsd = usd,
        };
        _steps.Add(change is null ? step : change(step));
        return this;
    }

    public TraceBuilder Shell(string command, string output = "", int exitCode = 0) =>
        Add(StepKind.ShellCommand, s => s with { Name = "bash", Command = command, Output = output, ExitCode = exitCode, IsError = exitCode != 0 });

    public TraceBuilder Read(string path, string output = "contents") =>
        Add(StepKind.FileRead, s => s with { Name = "read", Input = path, Output = output, Files = [new FileTouch(path, FileAction.Read)] });

    public TraceBuilder Edit(string path, string input, string output = "edited", bool error = false) =>
        Add(StepKind.FileEdit, s => s with { Name = "edit", Input = input, Output = output, IsError = error, Files = [new FileTouch(path, FileAction.Edit)] });

    public TraceBuilder Create(string path, string content) =>
        Add(StepKind.FileCreate, s => s with { Name = "write", Input = content, Output = "created", Files = [new FileTouch(path, FileAction.Create)] });

    public TraceBuilder Test(string command, bool passed, string output = "", params string[] failingTests) =>
        Add(StepKind.VerifierRun, s => s with
        {
            Name = "bash",
            Command = command,
            Output = output,
            ExitCode = passed ? 0 : 1,
            Verifier = new VerifierResult { Framework = "pytest", Success = passed, Failed = passed ? 0 : Math.Max(1, failingTests.Length), Passed = passed ? 5 : 4, FailingTests = failingTests },
        });

    public TraceBuilder Message(string text) => Add(StepKind.AssistantMessage, s => s with { Output = text });

    public TraceBuilder Thought(string text) => Add(StepKind.Thought, s => s with { Output = text });

    public TraceBuilder User(string text) => Add(StepKind.UserMessage, s => s with { Input = text });

    public TraceBuilder Claim(string text = "Done: the bug is fixed.") => Add(StepKind.CompletionClaim, s => s with { Output = text });

    public TraceBuilder Repeat(int times, Action<TraceBuilder> add)
    {
        for (var i = 0; i < times; i++)
        {
            add(this);
        }

        return this;
    }

    public Trace Build() => Trace.Create(_run, _steps);
}
