using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The Policies page: pick a project, edit its policy, save versions, see the history, preview a draft over recent runs.</summary>
public sealed class PoliciesViewModel(PolicyStore policies, TraceStore store)
{
    public const int MaxPreviewRuns = 200;

    private Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Projects { get; private set; } = [Policy.DefaultProject];

    public string Project { get; private set; } = Policy.DefaultProject;

    public PolicyForm Form { get; private set; } = PolicyForm.From(Policy.Default);

    public IReadOnlyList<PolicyVersion> History { get; private set; } = [];

    /// <summary>True when the project has no saved version and the form shows the policy it inherits.</summary>
    public bool Inherited => History.Count == 0;

    public string? Message { get; private set; }

    public int PreviewRuns { get; set; } = 20;

    public WhatIfReport? WhatIf { get; private set; }

    public bool HasErrors => _errors.Count > 0;

    public static string Label(string project) => project == Policy.DefaultProject ? "Default (projects without their own)" : project;

    public async Task LoadAsync(string? project, CancellationToken cancellationToken)
    {
        var known = await store.DistinctProjectsAsync(cancellationToken);
        Projects = [Policy.DefaultProject, .. known.Union(policies.Projects(), StringComparer.Ordinal).Where(p => p != Policy.DefaultProject).Order(StringComparer.Ordinal)];
        await SelectAsync(project ?? Project, cancellationToken);
    }

    public async Task SelectAsync(string project, CancellationToken cancellationToken)
    {
        Project = PolicyStore.KeyOf(project);
        if (!Projects.Contains(Project))
        {
            Projects = [.. Projects, Project];
        }

        History = await policies.HistoryAsync(Project, cancellationToken);
        Form = PolicyForm.From(policies.For(Project), Form.Author);
        _errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Message = null;
        WhatIf = null;
    }

    /// <summary>Errors for a form field: the field itself and its entries ("blockedCommands" gets "blockedCommands[2]" as "entry 3: ...").</summary>
    public IReadOnlyList<string> ErrorsFor(string field) =>
        [.. _errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .SelectMany(e => e.Value.Select(message => e.Key == field ? message : $"entry {EntryNumber(e.Key)}: {message}"))];

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        var result = await policies.SaveAsync(Project, Form.ToPolicy(), Form.Author, cancellationToken);
        SetErrors(result.Errors);
        if (result.Saved is { } saved)
        {
            History = await policies.HistoryAsync(Project, cancellationToken);
            Message = $"Saved version {saved.Version} of {Label(Project)}: {saved.ChangeSummary}";
        }
        else
        {
            Message = null;
        }
    }

    /// <summary>
    /// Replays the last N runs of the project through the draft as it is in the form; for the default, the last N runs
    /// it applies to: runs of projects without a policy of their own, and runs without a project.
    /// </summary>
    public async Task PreviewAsync(CancellationToken cancellationToken)
    {
        var draft = Form.ToPolicy();
        SetErrors(PolicyValidator.Validate(draft));
        if (HasErrors)
        {
            WhatIf = null;
            return;
        }

        var wanted = Math.Clamp(PreviewRuns, 1, MaxPreviewRuns);
        var traces = new List<Trace>(wanted);
        foreach (var runId in await PreviewRunIdsAsync(wanted, cancellationToken))
        {
            if (await store.LoadTraceAsync(runId, cancellationToken) is { } trace)
            {
                traces.Add(trace);
            }
        }

        WhatIf = PolicyWhatIf.Run(draft, traces);
    }

    private async Task<IReadOnlyList<string>> PreviewRunIdsAsync(int wanted, CancellationToken cancellationToken)
    {
        if (Project != Policy.DefaultProject)
        {
            var page = await store.QueryRunsAsync(new RunQuery { Project = Project, Take = wanted }, cancellationToken);
            return [.. page.Items.Select(r => r.Id)];
        }

        var ownPolicy = policies.Projects().Where(p => p != Policy.DefaultProject).ToHashSet(StringComparer.Ordinal);
        var ids = new List<string>(wanted);
        for (var skip = 0; ids.Count < wanted; skip += MaxPreviewRuns)
        {
            var page = await store.QueryRunsAsync(new RunQuery { Skip = skip, Take = MaxPreviewRuns }, cancellationToken);
            ids.AddRange(page.Items.Where(r => !ownPolicy.Contains(PolicyStore.KeyOf(r.Project))).Select(r => r.Id).Take(wanted - ids.Count));
            if (page.Items.Count < MaxPreviewRuns)
            {
                break;
            }
        }

        return ids;
    }

    private void SetErrors(IReadOnlyList<PolicyError> errors) =>
        _errors = errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToList(), StringComparer.Ordinal);

    private static int EntryNumber(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        return int.TryParse(key.AsSpan(open + 1, key.Length - open - 2), out var index) ? index + 1 : 0;
    }
}
