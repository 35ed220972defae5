using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web.Virtualization;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class RunDetail : IDisposable
{
    private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
    private Virtualize<StepRow>? _virtualize;
    private IDisposable? _subscription;
    private bool _notFound;

    [Parameter]
    public required string RunId { get; set; }

    [Inject]
    public required RunDetailViewModel Model { get; init; }

    [Inject]
    public required RunChangeNotifier Notifier { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        _notFound = !await Model.LoadAsync(RunId, CancellationToken.None);
        _subscription ??= Notifier.Subscribe(changed => changed.Contains(RunId) ? InvokeAsync(RefreshAsync) : Task.CompletedTask);
    }

    public void Dispose() => _subscription?.Dispose();

    private async ValueTask<ItemsProviderResult<StepRow>> LoadStepsAsync(ItemsProviderRequest request)
    {
        var rows = await Model.LoadStepsAsync(request.StartIndex, request.Count, request.CancellationToken);
        return new ItemsProviderResult<StepRow>(rows, Model.Run?.StepCount ?? 0);
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
        await Model.StopAsync("a human in the dashboard", CancellationToken.None);
    }

    private async Task RefreshAsync()
    {
        await Model.LoadAsync(RunId, CancellationToken.None);
        if (_virtualize is not null)
        {
            await _virtualize.RefreshDataAsync();
        }

        StateHasChanged();
    }
}
