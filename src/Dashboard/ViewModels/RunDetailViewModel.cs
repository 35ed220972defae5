using System.Globalization;
using Martin360.Analysis.Model;
using Martin360.Ingest;
using Martin360.Ingest.Control;
using Martin360.Ingest.Http;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>One run: its header, budget, findings, verdict, and its steps a page at a time.</summary>
public sealed class RunDetailViewModel(TraceStore store, IngestService ingest, RunsViewModel rows)
{
    public RunRecord? Run { get; private set; }
    public RunRow? Row { get; private set; }
    public RunView? View { get; private set; }
    public Verdict Verdict { get; private set; } = Verdict.Continue;
    public IReadOnlyList<BudgetGauge> Gauges { get; private set; } = [];

    public bool IsRunning => Run?.Status == "running";

    public bool CanStop => IsRunning && Run?.StopRequested == false;

    public async Task<bool> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        Run = await store.GetRunAsync(runId, cancellationToken);
        if (Run is null)
        {
            return false;
        }

        Row = rows.ToRow(Run);
        View = ViewMapper.ToView(Run);
        Verdict = ingest.VerdictFor(Run);
        Gauges = GaugesOf(Run, Row);
        return true;
    }

    public async Task<IReadOnlyList<StepRow>> LoadStepsAsync(int skip, int take, CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return [];
        }

        var steps = await store.GetStepsAsync(Run.Id, skip, take, cancellationToken);
        return steps.Select(s => ToRow(RecordMapper.ToStep(s))).ToArray();
    }

    public async Task StopAsync(string requestedBy, CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return;
        }

        await ingest.RequestStopAsync(Run.Id, requestedBy, cancellationToken);
        await LoadAsync(Run.Id, cancellationToken);
    }

    public static StepRow ToRow(Step step) => new()
    {
        Id = step.Id,
        Sequence = step.Sequence,
        Kind = step.Kind.ToWire(),
        Icon = IconOf(step.Kind),
        Headline = HeadlineOf(step),
        Agent = step.Agent,
        Model = step.Model,
        Command = step.Command,
        ExitCode = step.ExitCode,
        IsError = step.IsError || step.ExitCode is > 0 || step.Verifier?.Success == false,
        Tokens = step.Tokens.Total,
        Cost = step.CostUsd is { } cost ? Display.Cost((double)cost, step.CostProvenance.ToWire()) : null,
        Duration = step.Duration is null ? null : Display.Duration(step.Duration),
        Timestamp = step.Timestamp,
        Files = step.Files.Select(f => $"{f.Action.ToWire()} {f.Path}").ToArray(),
        Verifier = step.Verifier is { } v ? VerifierSummary(v) : null,
        Input = step.Input,
        Output = step.Output,
        IsProse = step.Kind is StepKind.AssistantMessage or StepKind.Thought or StepKind.UserMessage or StepKind.CompletionClaim,
        Truncated = step.Truncated,
    };

    private static string HeadlineOf(Step step)
    {
        var text = step.Kind switch
        {
            StepKind.ShellCommand or StepKind.VerifierRun when step.Command is not null =>
                "$ " + step.Command + (step.Verifier is { } v ? "  → " + VerifierSummary(v) : step.ExitCode is { } code ? $"  → exit {code}" : ""),
            StepKind.FileRead or StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete when step.Files.Count > 0 =>
                string.Join(", ", step.Files.Select(f => f.Path)),
            StepKind.ModelCall => $"{step.Model ?? "model"} · {Display.Tokens(step.Tokens.Total)} tokens",
            _ => FirstLine(step.Output) ?? FirstLine(step.Input) ?? step.Name ?? step.Kind.ToWire(),
        };
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.TrimStart();
        var newline = trimmed.IndexOf('\n');
        return (newline < 0 ? trimmed : trimmed[..newline]).Trim();
    }

    private static string VerifierSummary(VerifierResult verifier)
    {
        var parts = new List<string>();
        if (verifier.Failed is { } failed)
        {
            parts.Add($"{failed} failed");
        }

        if (verifier.Passed is { } passed)
        {
            parts.Add($"{passed} passed");
        }

        var verdict = verifier.Success switch { true => "passed", false => "failed", null => "ran" };
        return (verifier.Framework ?? "verifier") + " " + (parts.Count > 0 ? string.Join(", ", parts) : verdict);
    }

    private static string IconOf(StepKind kind) => kind switch
    {
        StepKind.UserMessage => "person",
        StepKind.ModelCall => "memory",
        StepKind.AssistantMessage => "smart_toy",
        StepKind.Thought => "psychology",
        StepKind.ToolCall => "build",
        StepKind.ShellCommand => "terminal",
        StepKind.FileRead => "description",
        StepKind.FileEdit => "edit_document",
        StepKind.FileCreate => "note_add",
        StepKind.FileDelete => "delete",
        StepKind.Search => "search",
        StepKind.VerifierRun => "fact_check",
        StepKind.CompletionClaim => "flag",
        StepKind.Error => "error",
        StepKind.ModelSwitch => "swap_horiz",
        StepKind.Approval => "how_to_reg",
        StepKind.PolicyDecision => "policy",
        _ => "more_horiz",
    };

    private static IReadOnlyList<BudgetGauge> GaugesOf(RunRecord run, RunRow row)
    {
        var budget = RecordMapper.BudgetOf(run);
        var gauges = new List<BudgetGauge>();
        void Add(string label, double used, double? soft, double? hard, Func<double, string> format)
        {
            var limit = hard ?? soft;
            if (limit is not { } l || l <= 0)
            {
                return;
            }

            gauges.Add(new BudgetGauge(label, format(used), format(l), Math.Min(100, used / l * 100), soft is { } s && used >= s, hard is { } h && used >= h));
        }

        Add("Cost", run.CostUsd ?? 0, (double?)budget.SoftUsd, (double?)budget.HardUsd, v => "$" + v.ToString("N2", CultureInfo.InvariantCulture));
        Add("Tokens", run.TotalTokens, budget.SoftTokens, budget.HardTokens, v => Display.Tokens((long)v));
        Add("Steps", run.StepCount, budget.SoftSteps, budget.HardSteps, v => v.ToString("N0", CultureInfo.InvariantCulture));
        Add("Wall time", row.Duration?.TotalSeconds ?? 0, budget.SoftWallTime?.TotalSeconds, budget.HardWallTime?.TotalSeconds,
            v => Display.Duration(TimeSpan.FromSeconds(v)));
        return gauges;
    }
}
