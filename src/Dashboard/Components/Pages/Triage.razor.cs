using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using Radzen.Blazor;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Triage : IDisposable
{
    private ElementReference _queue;
    private RadzenTextBox? _noteBox;
    private IDisposable? _subscription;
    private string? _note;
    private string? _assignee;
    private string? _editing;

    [Inject]
    public required TriageViewModel Model { get; init; }

    [Inject]
    public required RunChangeNotifier Notifier { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await Model.LoadAsync(CancellationToken.None);
        SyncEditor();
        _subscription = Notifier.Subscribe(_ => InvokeAsync(ReloadAsync));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await _queue.FocusAsync();
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task ReloadAsync()
    {
        await Model.LoadAsync(CancellationToken.None);
        SyncEditor();
        StateHasChanged();
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "ArrowDown" or "j":
                Model.Move(1);
                break;
            case "ArrowUp" or "k":
                Model.Move(-1);
                break;
            case "Enter" when Model.Current is { } row:
                Navigation.NavigateTo($"runs/{Uri.EscapeDataString(row.RunId)}");
                return;
            case "r":
                await Model.ToggleReviewedAsync(Model.Reviewer, CancellationToken.None);
                break;
            case "n" when _noteBox is not null:
                await _noteBox.Element.FocusAsync();
                break;
        }

        SyncEditor();
        if (Model.Current is { } current)
        {
            await JS.InvokeVoidAsync("m360.scrollIntoView", "triage-" + current.RunId);
        }
    }

    private async Task ToggleReviewedAsync()
    {
        await Model.ToggleReviewedAsync(Model.Reviewer, CancellationToken.None);
        SyncEditor();
        await _queue.FocusAsync();
    }

    private async Task SaveAsync()
    {
        if (Model.Current is not { } row)
        {
            return;
        }

        await Model.SaveNoteAsync(row.RunId, _note, CancellationToken.None);
        await Model.AssignAsync(row.RunId, _assignee, CancellationToken.None);
        await _queue.FocusAsync();
    }

    // The editor follows the selection, but keeps what is being typed for the same run.
    private void SyncEditor()
    {
        if (Model.Current?.RunId == _editing)
        {
            return;
        }

        _editing = Model.Current?.RunId;
        _note = Model.Current?.Note;
        _assignee = Model.Current?.AssignedTo;
    }
}
