using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Martin360.Ingest.Http;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.JSInterop;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class RunDetail : IAsyncDisposable
{
    private const int TimelineTab = 0;

    /// <summary>Who pressed Stop, Approve or Deny, as the run's record and the verdict's reasons name them (the dashboard has no sign-in).</summary>
    private const string Human = "a human in the dashboard";

    /// <summary>The Virtualize ItemSize: a collapsed row's height (44 px line plus its 1 px border).</summary>
    private const int RowHeight = 45;

    /// <summary>
    /// Findings listed before "Show all": a long run can have hundreds, and listing them all made the page's first
    /// render (prerendered, then rendered again over the circuit) some 2,000 elements heavier (bench: run-detail-render).
    /// </summary>
    private const int FindingsShown = 20;

    private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
    private Virtualize<StepRow>? _virtualize;
    private ElementReference _timeline;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;
    private string? _loadedRunId;
    private string _searchText = "";
    private bool _notFound;
    private bool _allFindings;
    private bool _scrollPending;
    private bool _deciding;
    private long? _copied;
    private int _tab;

    [Parameter]
    public required string RunId { get; set; }

    [Inject]
    public required RunDetailViewModel Model { get; init; }

    [Inject]
    public required RunChangeNotifier Notifier { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        var changed = _loadedRunId is not null && _loadedRunId != RunId;
        _notFound = !await Model.LoadAsync(RunId, CancellationToken.None);
        _loadedRunId = RunId;
        _subscription ??= Notifier.Subscribe(ids => ids.Contains(RunId) ? InvokeAsync(RefreshAsync) : Task.CompletedTask);
        if (changed)
        {
            _expanded.Clear();
            _allFindings = false;
            _searchText = "";
            _tab = TimelineTab;
            if (_virtualize is not null)
            {
                await _virtualize.RefreshDataAsync();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            Navigation.LocationChanged += OnLocationChanged;

            // The fragment never reaches the server with the request, so a permalink is read once the circuit runs.
            if (RunDetailViewModel.StepFromUri(Navigation.Uri) is { } sequence && Model.Run is not null)
            {
                Model.FocusStep(sequence);
                _scrollPending = true;
                StateHasChanged();
                return;
            }
        }

        if (_scrollPending && _tab == TimelineTab && Model.FocusSequence is { } focus)
        {
            _scrollPending = false;
            var position = await Model.FocusPositionAsync(CancellationToken.None);
            Model.FocusHandled();
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/run-detail.js");
            await _module.InvokeVoidAsync("scrollToStep", _timeline, position ?? 0, focus, RowHeight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _subscription?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with the browser tab; nothing to release there.
            }
        }
    }

    private string ExportHref(string extension) => $"runs/{Uri.EscapeDataString(RunId)}/export.{extension}";

    private string CostCsvHref => $"runs/{Uri.EscapeDataString(RunId)}/cost.csv";

    private string StepHref(long sequence) => RunDetailViewModel.Permalink(Navigation.BaseUri, RunId, sequence);

    private async ValueTask<ItemsProviderResult<StepRow>> LoadStepsAsync(ItemsProviderRequest request)
    {
        var rows = await Model.LoadStepsAsync(request.StartIndex, request.Count, request.CancellationToken);
        return new ItemsProviderResult<StepRow>(rows, Model.VisibleStepCount);
    }

    private void Toggle(string stepId)
    {
        if (!_expanded.Remove(stepId))
        {
            _expanded.Add(stepId);
        }
    }

    private async Task StopAsync()
    {
        await Model.StopAsync(Human, CancellationToken.None);
    }

    private async Task DecideAsync(int approvalId, bool approve)
    {
        _deciding = true;
        try
        {
            await Model.DecideAsync(approvalId, approve, Human, CancellationToken.None);
        }
        finally
        {
            _deciding = false;
        }
    }

    private async Task SearchAsync(string? text)
    {
        _searchText = text ?? "";
        await Model.SetSearchAsync(text, CancellationToken.None);
        await RefreshTimelineAsync();
    }

    private async Task SelectFindingAsync(FindingView finding)
    {
        if (Model.SelectFinding(finding))
        {
            _searchText = "";
            await RefreshTimelineAsync();
        }

        _scrollPending = true;
    }

    /// <summary>From a panel (files, verifiers, cost, waterfall): back to the timeline, at that step.</summary>
    private async Task OpenStepAsync(long sequence)
    {
        if (Model.Search is not null)
        {
            _searchText = "";
            await Model.SetSearchAsync(null, CancellationToken.None);
        }

        Model.FocusStep(sequence);
        _tab = TimelineTab;
        _scrollPending = true;
    }

    private async Task CopyLinkAsync(long sequence)
    {
        Model.FocusStep(sequence);
        Model.FocusHandled();
        _copied = sequence;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/run-detail.js");
        await _module.InvokeVoidAsync("copyLink", StepHref(sequence));
    }

    private async Task OnTabChangedAsync(int index)
    {
        if (index != TimelineTab && Model.Panels is null)
        {
            await Model.LoadPanelsAsync(CancellationToken.None);
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (RunDetailViewModel.StepFromUri(e.Location) is { } sequence && sequence != Model.FocusSequence && !e.Location.Contains("/export.", StringComparison.Ordinal))
        {
            _ = InvokeAsync(async () =>
            {
                await OpenStepAsync(sequence);
                StateHasChanged();
            });
        }
    }

    private async Task RefreshTimelineAsync()
    {
        if (_virtualize is not null)
        {
            await _virtualize.RefreshDataAsync();
        }

        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        await Model.LoadAsync(RunId, CancellationToken.None);
        await RefreshTimelineAsync();
    }
}
