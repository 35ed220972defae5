using Martin360.Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Settings
{
    private string _newName = "";

    [Inject]
    public required SettingsViewModel Model { get; init; }

    protected override Task OnInitializedAsync() => Model.LoadAsync(CancellationToken.None);

    private async Task CreateAsync()
    {
        await Model.CreateAsync(_newName, CancellationToken.None);
        _newName = "";
    }

    private Task RevokeAsync(string id) => Model.RevokeAsync(id, CancellationToken.None);
}
