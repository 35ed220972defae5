using System.Globalization;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The runs list: filters (from its dropdowns or from a link on another page), server-side pages and the rows they show.</summary>
public sealed class RunsViewModel(TraceStore store, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Statuses = ["running", "completed", "failed", "aborted", "unknown"];
    public static readonly IReadOnlyList<string> Outcomes = Enum.GetValues<Outcome>().Select(o => o.ToWire()).ToArray();

    public string? Status { get; set; }
    public string? Agent { get; set; }
    public string? Project { get; set; }
    public string? Outcome { get; set; }
    public string? Text { get; set; }

    // Set by links from the overview ("the runs behind this number"); shown as removable chips, not dropdowns.
    public string? Model { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public bool? Finished { get; set; }
    public bool? Claimed { get; set; }
    public FindingKind? Finding { get; set; }

    public IReadOnlyList<string> Agents { get; private set; } = [];
    public IReadOnlyList<string> Projects { get; private set; } = [];

    /// <summary>What in the address could not be read, said plainly; the rest of the address still applies.</summary>
    public IReadOnlyList<string> AddressErrors { get; private set; } = [];

    /// <summary>Reads the filters of an address such as <c>runs?model=m&amp;from=2026-11-01&amp;finding=loop</c>.</summary>
    public void ApplyAddress(RunsAddress address)
    {
        var errors = new List<string>();
        Status = Blank(address.Status);
        Agent = Blank(address.Agent);
        Project = Blank(address.Project);
        Outcome = Blank(address.Outcome);
        Text = Blank(address.Text);
        Model = Blank(address.Model);
        From = ParseDay(address.From, "from", errors);
        To = ParseDay(address.To, "to", errors);
        Finished = ParseBool(address.Finished, "finished", errors);
        Claimed = ParseBool(address.Claimed, "claimed", errors);

        Finding = null;
        if (Blank(address.Finding) is { } finding)
        {
            if (FindingKindNames.TryParse(finding, out var kind))
            {
                Finding = kind;
            }
            else
            {
                errors.Add($"finding='{finding}' is not a finding kind; it is ignored.");
            }
        }

        AddressErrors = errors;
    }

    /// <summary>The filters that have no dropdown, each with a label to show and a key to clear it by.</summary>
    public IReadOnlyList<FilterChip> Chips
    {
        get
        {
            var chips = new List<FilterChip>();
            if (Model is not null)
            {
                chips.Add(new FilterChip("model", "model: " + Model));
            }

            if (From is { } from)
            {
                chips.Add(new FilterChip("from", "from " + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            if (To is { } to)
            {
                chips.Add(new FilterChip("to", "to " + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            if (Finished is { } finished)
            {
                chips.Add(new FilterChip("finished", finished ? "finished runs" : "running runs"));
            }

            if (Claimed is { } claimed)
            {
                chips.Add(new FilterChip("claimed", claimed ? "claimed done" : "never claimed done"));
            }

            if (Finding is { } finding)
            {
                chips.Add(new FilterChip("finding", "finding: " + Display.Label(finding.ToWire())));
            }

            return chips;
        }
    }

    public void Clear(string key)
    {
        switch (key)
        {
            case "model": Model = null; break;
            case "from": From = null; break;
            case "to": To = null; break;
            case "finished": Finished = null; break;
            case "claimed": Claimed = null; break;
            case "finding": Finding = null; break;
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "not a chip filter");
        }
    }

    public async Task LoadFiltersAsync(CancellationToken cancellationToken)
    {
        Agents = await store.DistinctAgentsAsync(cancellationToken);
        Projects = await store.DistinctProjectsAsync(cancellationToken);
    }

    public RunQuery ToQuery(int skip, int take) => new()
    {
        Status = Status,
        Agent = Agent,
        Project = Project,
        Outcome = Outcome,
        Model = Model,
        From = From,
        To = To,
        Finished = Finished,
        Claimed = Claimed,
        Finding = Finding,
        Text = Text,
        Skip = skip,
        Take = take,
    };

    public async Task<(IReadOnlyList<RunRow> Rows, int Total)> LoadPageAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var page = await store.QueryRunsAsync(ToQuery(skip, take), cancellationToken);
        return (page.Items.Select(ToRow).ToArray(), page.Total);
    }

    public RunRow ToRow(RunRecord run)
    {
        var start = run.StartedAtMs ?? run.CreatedAtMs;
        var end = run.EndedAtMs ?? (run.Status == "running" ? time.GetUtcNow().ToUnixTimeMilliseconds() : run.LastStepAtMs ?? start);
        return new RunRow
        {
            Id = run.Id,
            Title = run.TaskTitle ?? run.Id,
            Agent = run.AgentName ?? run.SourceFormat,
            Project = run.Project,
            Status = run.Status,
            Outcome = run.Outcome ?? (run.Status == "running" ? "in_progress" : "unknown"),
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(start),
            Duration = TimeSpan.FromMilliseconds(Math.Max(0, end - start)),
            Steps = run.StepCount,
            Tokens = run.TotalTokens,
            Cost = Display.Cost(run.CostUsd, run.CostProvenance),
            Findings = run.FindingCount,
            TopFinding = run.TopFinding,
            IsDemo = run.IsDemo,
            StopRequested = run.StopRequested,
            PendingApprovals = run.PendingApprovals,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool? ParseBool(string? value, string name, List<string> errors)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var result))
        {
            return result;
        }

        errors.Add($"{name}='{text}' is not true or false; it is ignored.");
        return null;
    }

    private static DateOnly? ParseDay(string? value, string name, List<string> errors)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add($"{name}='{text}' is not a day as yyyy-MM-dd; it is ignored.");
        return null;
    }
}
