using System.Globalization;
using Martin360.Analysis.Model;
using Martin360.Dashboard.ViewModels.Panels;
using Martin360.Ingest;
using Martin360.Ingest.Control;
using Martin360.Ingest.Http;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>One run: its header, budget, findings, verdict, and its steps a page at a time.</summary>
public sealed class RunDetailViewModel(TraceStore store, TriageStore triage, IngestService ingest, RunsViewModel rows)
{
    private static readonly HashSet<long> s_none = [];

    private HashSet<long> _highlighted = s_none;

    public RunRecord? Run { get; private set; }
    public RunRow? Row { get; private set; }
    public RunView? View { get; private set; }
    public Verdict Verdict { get; private set; } = Verdict.Continue;
    public IReadOnlyList<BudgetGauge> Gauges { get; private set; } = [];

    /// <summary>The text the timeline is filtered by (server-side, over the stored steps); null shows every step.</summary>
    public string? Search { get; private set; }

    /// <summary>How many steps the timeline shows: all of them, or those matching <see cref="Search"/>.</summary>
    public int VisibleStepCount { get; private set; }

    /// <summary>The finding whose evidence is highlighted on the timeline, until another is picked.</summary>
    public FindingView? SelectedFinding { get; private set; }

    /// <summary>The step the timeline should scroll to next (a finding's first evidence step, a permalink's step).</summary>
    public long? FocusSequence { get; private set; }

    /// <summary>Approvals the run's policy asked for that wait for a human: the page's banner, each with Approve and Deny.</summary>
    public IReadOnlyList<ApprovalView> PendingApprovals { get; private set; } = [];

    /// <summary>Approvals decided so far, oldest first (who decided what is part of the run's record).</summary>
    public IReadOnlyList<ApprovalView> DecidedApprovals { get; private set; } = [];

    /// <summary>What leads recorded in Triage (reviewed by whom, assigned to, the note); null when nothing was.</summary>
    public RunReview? Review { get; private set; }

    /// <summary>The files, verifiers, cost, team and waterfall tabs; loaded when one of them is first opened.</summary>
    public RunPanels? Panels { get; private set; }

    public bool IsRunning => Run?.Status == "running";

    public bool IsHighlighted(long sequence) => _highlighted.Contains(sequence);

    public bool CanStop => IsRunning && Run?.StopRequested == false;

    public async Task<bool> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        if (Run is not null && Run.Id != runId)
        {
            // Another run in the same page instance (a team link): nothing of the last run's view carries over.
            Search = null;
            SelectedFinding = null;
            FocusSequence = null;
            _highlighted = s_none;
            Panels = null;
        }

        Run = await store.GetRunAsync(runId, cancellationToken);
        if (Run is null)
        {
            return false;
        }

        Row = rows.ToRow(Run);
        View = ViewMapper.ToView(Run);
        Verdict = ingest.VerdictFor(Run);
        PendingApprovals = View.Approvals?.Where(a => a.Status == "pending").ToArray() ?? [];
        DecidedApprovals = View.Approvals?.Where(a => a.Status != "pending").ToArray() ?? [];
        Gauges = GaugesOf(Run, Row);
        Review = RunReview.From(await triage.GetAsync(runId, cancellationToken));
        VisibleStepCount = Search is null ? Run.StepCount : await store.CountStepsMatchingAsync(Run.Id, Search, cancellationToken);
        if (Panels is not null)
        {
            await LoadPanelsAsync(cancellationToken);
        }

        return true;
    }

    public async Task<IReadOnlyList<StepRow>> LoadStepsAsync(int skip, int take, CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return [];
        }

        var steps = Search is null
            ? await store.GetStepsAsync(Run.Id, skip, take, cancellationToken)
            : await store.GetStepsMatchingAsync(Run.Id, Search, skip, take, cancellationToken);
        return steps.Select((s, i) => ToRow(RecordMapper.ToStep(s)) with { Position = skip + i }).ToArray();
    }

    /// <summary>Filters the timeline to the steps containing the text; blank shows every step again.</summary>
    public async Task SetSearchAsync(string? text, CancellationToken cancellationToken)
    {
        Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (Run is not null)
        {
            VisibleStepCount = Search is null ? Run.StepCount : await store.CountStepsMatchingAsync(Run.Id, Search, cancellationToken);
        }
    }

    /// <summary>
    /// Highlights a finding's evidence steps and asks the timeline to scroll to the first. True when the search was
    /// cleared to do so: evidence hidden by a filter could not be shown.
    /// </summary>
    public bool SelectFinding(FindingView finding)
    {
        SelectedFinding = finding;
        _highlighted = [.. finding.Steps];
        FocusSequence = finding.Steps.Count > 0 ? finding.Steps.Min() : null;
        var cleared = Search is not null;
        Search = null;
        VisibleStepCount = Run?.StepCount ?? VisibleStepCount;
        return cleared;
    }

    /// <summary>Highlights one step (a permalink, a copied link) and asks the timeline to scroll to it.</summary>
    public void FocusStep(long sequence)
    {
        SelectedFinding = null;
        _highlighted = [sequence];
        FocusSequence = sequence;
    }

    /// <summary>Where the step to focus sits in the list as shown, for the page to scroll there; null when nothing is to be focused.</summary>
    public async Task<int?> FocusPositionAsync(CancellationToken cancellationToken)
    {
        if (Run is null || FocusSequence is not { } sequence)
        {
            return null;
        }

        return await store.CountStepsBeforeAsync(Run.Id, sequence, Search, cancellationToken);
    }

    /// <summary>The page scrolled to the focused step; a later refresh must not scroll there again.</summary>
    public void FocusHandled() => FocusSequence = null;

    public async Task LoadPanelsAsync(CancellationToken cancellationToken)
    {
        if (Run is null || View is null)
        {
            return;
        }

        var outlines = await store.GetStepOutlinesAsync(Run.Id, cancellationToken);
        var steps = outlines.Select(RecordMapper.ToStep).ToArray();
        var children = await store.GetChildRunsAsync(Run.Id, cancellationToken);
        var parent = Run.ParentRunId is { } parentId ? await store.GetRunAsync(parentId, cancellationToken) : null;
        Panels = BuildPanels(Run, View, steps, children, parent);
    }

    public static RunPanels BuildPanels(RunRecord run, RunView view, IReadOnlyList<Step> steps, IReadOnlyList<RunRecord> children, RunRecord? parent) => new(
        FilesPanel.Build(steps, view.Findings ?? []),
        VerifierPanel.Build(steps),
        CostPanel.Build(steps, RecordMapper.BudgetOf(run)),
        TeamPanel.Build(run, steps, children, parent),
        WaterfallPanel.Build(steps));

    /// <summary>The step a permalink names: /runs/{id}#step-12 or /runs/{id}?step=12.</summary>
    public static long? StepFromUri(string uri)
    {
        var hash = uri.IndexOf('#');
        if (hash >= 0 && uri.AsSpan(hash + 1).StartsWith("step-", StringComparison.Ordinal)
            && long.TryParse(uri.AsSpan(hash + 6), NumberStyles.None, CultureInfo.InvariantCulture, out var fromHash))
        {
            return fromHash;
        }

        var end = hash >= 0 ? hash : uri.Length;
        var query = uri.IndexOf('?', 0, end);
        if (query < 0)
        {
            return null;
        }

        foreach (var pair in uri[(query + 1)..end].Split('&'))
        {
            if (pair.StartsWith("step=", StringComparison.Ordinal)
                && long.TryParse(pair.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var fromQuery))
            {
                return fromQuery;
            }
        }

        return null;
    }

    /// <summary>The link that opens this run scrolled to one step.</summary>
    public static string Permalink(string baseUri, string runId, long sequence) =>
        $"{baseUri.TrimEnd('/')}/runs/{Uri.EscapeDataString(runId)}#step-{sequence.ToString(CultureInfo.InvariantCulture)}";

    public async Task StopAsync(string requestedBy, CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return;
        }

        await ingest.RequestStopAsync(Run.Id, requestedBy, cancellationToken);
        await LoadAsync(Run.Id, cancellationToken);
    }

    /// <summary>
    /// A human's Approve or Deny on one of the run's pending approvals; the harness hears it at once over the control
    /// channel. False when it had already been decided (by someone else, in another tab or over the API): the reloaded
    /// run then shows that decision.
    /// </summary>
    public async Task<bool> DecideAsync(int approvalId, bool approve, string decidedBy, CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return false;
        }

        var outcome = await ingest.DecideApprovalAsync(Run.Id, approvalId, approve ? ApprovalStatus.Approved : ApprovalStatus.Denied, decidedBy, cancellationToken);
        await LoadAsync(Run.Id, cancellationToken);
        return outcome?.Decided == true;
    }

    /// <summary>"Step 3 wants to run a command" / "Step 4 wants to change a file": the banner's headline.</summary>
    public static string ApprovalHeadline(ApprovalView approval) =>
        $"Step {approval.Step.ToString(CultureInfo.InvariantCulture)} wants to {(approval.Kind == "path" ? "change a file" : "run a command")}";

    /// <summary>"approved by ana at 2026-11-21 10:00:03 UTC": how a decided approval reads in the run's history.</summary>
    public static string ApprovalDecision(ApprovalView approval) =>
        $"{approval.Status} by {approval.DecidedBy ?? "someone"} at {Display.When(approval.DecidedAt)}";

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
