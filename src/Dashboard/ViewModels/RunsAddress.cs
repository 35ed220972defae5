namespace Martin360.Dashboard.ViewModels;

/// <summary>The runs list's filters as they arrive in its address: untrusted text, read by <see cref="RunsViewModel.ApplyAddress"/>.</summary>
public sealed record RunsAddress
{
    public string? Status { get; init; }
    public string? Agent { get; init; }
    public string? Project { get; init; }
    public string? Outcome { get; init; }
    public string? Text { get; init; }
    public string? Model { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Finished { get; init; }
    public string? Claimed { get; init; }
    public string? Finding { get; init; }
}
