using Martin360.Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Martin360.Dashboard.Components.Pages;

public sealed partial class Import
{
    private static readonly Dictionary<string, object> s_fileAttributes = new()
    {
        ["multiple"] = true,
        ["class"] = "m360-drop-input",
        ["data-testid"] = "import-input",
    };

    private static readonly Dictionary<string, object> s_folderAttributes = new(s_fileAttributes) { ["webkitdirectory"] = true };
    private bool _pickFolder;
    private bool _dragging;
    private DateTime _lastRender;

    [Inject]
    public required ImportViewModel Model { get; init; }

    private Dictionary<string, object> InputAttributes => _pickFolder ? s_folderAttributes : s_fileAttributes;

    private async Task OnFilesAsync(InputFileChangeEventArgs args)
    {
        var files = args.GetMultipleFiles(maximumFileCount: 5000);
        var rows = files.Select(f => (File: f, Row: Model.Add(f.Name, f.Size))).ToArray();
        StateHasChanged();
        foreach (var (file, row) in rows)
        {
            await using var stream = file.OpenReadStream(Model.MaxFileBytes);
            await Model.ImportAsync(row, stream, RenderThrottledAsync, CancellationToken.None);
            StateHasChanged();
        }
    }

    // Progress arrives per 64 KiB chunk; a render every 100 ms is plenty for a progress bar.
    private Task RenderThrottledAsync()
    {
        if (DateTime.UtcNow - _lastRender > TimeSpan.FromMilliseconds(100))
        {
            _lastRender = DateTime.UtcNow;
            StateHasChanged();
        }

        return Task.CompletedTask;
    }
}
