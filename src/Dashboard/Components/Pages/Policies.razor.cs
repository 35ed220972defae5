using Martin360.Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Policies
{
    private string _newProject = "";

    [Inject]
    public required PoliciesViewModel Model { get; init; }

    [SupplyParameterFromQuery(Name = "project")]
    public string? InitialProject { get; set; }

    protected override Task OnInitializedAsync() => Model.LoadAsync(InitialProject, CancellationToken.None);

    private static string BadgeOf(string action) => action switch
    {
        "stop" => "m360-badge-bad",
        "warn" or "needs_approval" => "m360-badge-warn",
        _ => "m360-badge-good",
    };

    private Task SelectAsync(ChangeEventArgs change) => Model.SelectAsync(change.Value?.ToString() ?? "", CancellationToken.None);

    private async Task UseNewProjectAsync()
    {
        await Model.SelectAsync(_newProject, CancellationToken.None);
        _newProject = "";
    }

    private Task SaveAsync() => Model.SaveAsync(CancellationToken.None);

    private Task PreviewAsync() => Model.PreviewAsync(CancellationToken.None);

    private RenderFragment Errors(string field) => builder =>
    {
        var errors = Model.ErrorsFor(field);
        if (errors.Count == 0)
        {
            return;
        }

        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "m360-field-error");
        builder.AddAttribute(2, "data-testid", "error-" + field);
        builder.AddContent(3, string.Join(" ", errors));
        builder.CloseElement();
    };
}
