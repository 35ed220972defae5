using System.Net.Http.Json;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class PoliciesViewModelTests : AppHostTest
{
    private PoliciesViewModel _model = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _model = new PoliciesViewModel(Host.Get<PolicyStore>(), Host.Get<TraceStore>());
    }

    [Fact]
    public async Task Save_SoftAboveHardAndBadRegex_ShowsErrorsPerFieldAndSavesNothing()
    {
        await _model.LoadAsync("billing", CancellationToken.None);
        _model.Form.SoftSteps = 10;
        _model.Form.HardSteps = 4;
        _model.Form.BlockedCommands = "rm -rf /\n\ncurl (";
        _model.Form.Author = "ana";

        await _model.SaveAsync(CancellationToken.None);

        Assert.True(_model.HasErrors);
        Assert.Contains("above the hard limit", Assert.Single(_model.ErrorsFor("budget.softSteps")), StringComparison.Ordinal);
        Assert.StartsWith("entry 2: 'curl (' is not a valid regular expression", Assert.Single(_model.ErrorsFor("blockedCommands")), StringComparison.Ordinal);
        Assert.Empty(_model.ErrorsFor("budget.hardSteps"));
        Assert.Empty(_model.History);
    }

    [Fact]
    public async Task Save_ValidForm_AddsAVersionAppliedToTheProject()
    {
        await _model.LoadAsync("billing", CancellationToken.None);
        Assert.True(_model.Inherited);
        _model.Form.HardSteps = 4;
        _model.Form.Author = "ana";

        await _model.SaveAsync(CancellationToken.None);
        _model.Form.HardSteps = 6;
        await _model.SaveAsync(CancellationToken.None);

        Assert.False(_model.HasErrors);
        Assert.Equal([2, 1], _model.History.Select(v => v.Version));
        Assert.Equal("budget.hardSteps: 4 → 6", _model.History[0].ChangeSummary);
        Assert.Contains("billing", _model.Projects);
        Assert.Equal(6, Host.Get<PolicyStore>().For("billing").Budget.HardSteps);
    }

    [Fact]
    public async Task Preview_DraftOverStoredRuns_ShowsWhichRunsItWouldStop()
    {
        foreach (var (id, steps) in new[] { ("big", 5), ("small", 2) })
        {
            (await Client.PostAsJsonAsync("api/v1/runs", new { id, project = "billing", task = new { title = id } })).EnsureSuccessStatusCode();
            var batch = Enumerable.Range(1, steps).Select(i => new { id = $"s{i}", sequence = i, kind = "shell_command", command = "make", costUsd = 0.25 });
            (await Client.PostAsJsonAsync($"api/v1/runs/{id}/steps", new { steps = batch })).EnsureSuccessStatusCode();
        }

        await _model.LoadAsync("billing", CancellationToken.None);
        _model.Form.HardSteps = 3;
        await _model.PreviewAsync(CancellationToken.None);

        var report = Assert.IsType<WhatIfReport>(_model.WhatIf);
        Assert.Equal(["big", "small"], report.Rows.Select(r => r.RunId).Order());
        var big = report.Rows.Single(r => r.RunId == "big");
        Assert.Equal(("stop", 3L, 0.50m), (big.Action, big.AtStep, big.SavedUsd));
        Assert.Equal("continue", report.Rows.Single(r => r.RunId == "small").Action);
        Assert.Empty(await Host.Get<PolicyStore>().HistoryAsync("billing", CancellationToken.None));
    }

    [Fact]
    public async Task Preview_DefaultPolicy_ReplaysOnlyRunsItAppliesTo()
    {
        Assert.Empty((await Host.Get<PolicyStore>().SaveAsync("billing", new Policy(), "ana", CancellationToken.None)).Errors);
        foreach (var (id, project) in new[] { ("own-policy", "billing"), ("inherits", "web"), ("no-project", (string?)null) })
        {
            (await Client.PostAsJsonAsync("api/v1/runs", new { id, project })).EnsureSuccessStatusCode();
        }

        await _model.LoadAsync(Policy.DefaultProject, CancellationToken.None);
        await _model.PreviewAsync(CancellationToken.None);

        var report = Assert.IsType<WhatIfReport>(_model.WhatIf);
        Assert.Equal(["inherits", "no-project"], report.Rows.Select(r => r.RunId).Order());
    }
}
