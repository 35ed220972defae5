using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Microsoft.AspNetCore.Components;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Overview : IDisposable
{
    private IDisposable? _subscription;

    [Inject]
    public required OverviewViewModel Model { get; init; }

    [Inject]
    public required RunChangeNotifier Notifier { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Model.SetDefaultRange();
        await Model.LoadAsync(CancellationToken.None);
        _subscription = Notifier.Subscribe(_ => InvokeAsync(LoadAsync));
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task LoadAsync()
    {
        await Model.LoadAsync(CancellationToken.None);
        StateHasChanged();
    }
}
