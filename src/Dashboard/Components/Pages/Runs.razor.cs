using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Runs : IDisposable
{
    private RadzenDataGrid<RunRow>? _grid;
    private IReadOnlyList<RunRow> _rows = [];
    private int _total;
    private const int PageSize = 50;
    private bool _loading;
    private IDisposable? _subscription;
    private RunsAddress? _address;

    [Inject]
    public required RunsViewModel Model { get; init; }

    /// <summary>Filters from the address, so other pages can link to "the runs behind this number".</summary>
    [SupplyParameterFromQuery(Name = "agent")]
    public string? AgentFilter { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusFilter { get; set; }

    [SupplyParameterFromQuery(Name = "text")]
    public string? TextFilter { get; set; }

    [SupplyParameterFromQuery(Name = "project")]
    public string? ProjectFilter { get; set; }

    [SupplyParameterFromQuery(Name = "outcome")]
    public string? OutcomeFilter { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public string? ModelFilter { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromFilter { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToFilter { get; set; }

    [SupplyParameterFromQuery(Name = "finished")]
    public string? FinishedFilter { get; set; }

    [SupplyParameterFromQuery(Name = "claimed")]
    public string? ClaimedFilter { get; set; }

    [SupplyParameterFromQuery(Name = "finding")]
    public string? FindingFilter { get; set; }

    [Inject]
    public required RunChangeNotifier Notifier { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await Model.LoadFiltersAsync(CancellationToken.None);
        _subscription = Notifier.Subscribe(_ => InvokeAsync(RefreshAsync));
    }

    protected override async Task OnParametersSetAsync()
    {
        // A link to this page from this page (the nav menu, another filtered link) changes only the parameters.
        var address = new RunsAddress
        {
            Status = StatusFilter, Agent = AgentFilter, Project = ProjectFilter, Outcome = OutcomeFilter, Text = TextFilter,
            Model = ModelFilter, From = FromFilter, To = ToFilter, Finished = FinishedFilter, Claimed = ClaimedFilter, Finding = FindingFilter,
        };
        if (address == _address)
        {
            return;
        }

        _address = address;
        Model.ApplyAddress(address);

        // The virtualised grid asks for rows only once it has a count: give it the first page up front.
        await LoadDataAsync(new LoadDataArgs { Skip = 0, Top = PageSize });
        if (_grid is not null)
        {
            await _grid.Reload();
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task LoadDataAsync(LoadDataArgs args)
    {
        _loading = true;
        var (rows, total) = await Model.LoadPageAsync(args.Skip ?? 0, args.Top ?? PageSize, CancellationToken.None);
        _rows = rows;
        _total = total;
        _loading = false;
    }

    private async Task ReloadAsync()
    {
        // An empty virtualised grid has no virtualiser for Reload to refresh, so load the first page directly.
        if (_total == 0)
        {
            await LoadDataAsync(new LoadDataArgs { Skip = 0, Top = PageSize });
        }

        if (_grid is not null)
        {
            await _grid.Reload();
        }
    }

    private async Task ClearAsync(string key)
    {
        Model.Clear(key);
        await ReloadAsync();
    }

    private async Task RefreshAsync()
    {
        await Model.LoadFiltersAsync(CancellationToken.None);
        await ReloadAsync();
        StateHasChanged();
    }
}
