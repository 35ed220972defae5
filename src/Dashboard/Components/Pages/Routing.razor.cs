using Martin360.Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Routing
{
    [Inject]
    public required RoutingViewModel Model { get; init; }

    protected override Task OnInitializedAsync() => Model.LoadAsync(CancellationToken.None);

    private Task LoadAsync() => Model.LoadAsync(CancellationToken.None);
}
