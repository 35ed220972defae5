using Martin360.Analysis.Model;

namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>Steps laid out in time, for traces that say when each step started and how long it took.</summary>
public sealed class WaterfallPanel
{
    /// <summary>A step without a duration still shows as a sliver, so it can be seen and hovered.</summary>
    public const double MinWidthPercent = 0.3;

    public required IReadOnlyList<WaterfallBar> Bars { get; init; }
    public TimeSpan Span { get; init; }

    /// <summary>At least one step has a duration; without any the view is only a list of start times.</summary>
    public bool HasDurations { get; init; }

    public static WaterfallPanel Build(IReadOnlyList<Step> steps)
    {
        var timed = steps.Where(s => s.Timestamp is not null).ToArray();
        if (timed.Length == 0)
        {
            return new WaterfallPanel { Bars = [] };
        }

        var start = timed.Min(s => s.Timestamp!.Value);
        var end = timed.Max(s => s.Timestamp!.Value + (s.Duration ?? TimeSpan.Zero));
        var span = end - start;
        var total = Math.Max(span.TotalMilliseconds, 1);
        var bars = timed.Select(s =>
        {
            var offset = s.Timestamp!.Value - start;
            var startPercent = Math.Min(100, offset.TotalMilliseconds / total * 100);
            var width = (s.Duration ?? TimeSpan.Zero).TotalMilliseconds / total * 100;
            var row = RunDetailViewModel.ToRow(s);
            return new WaterfallBar
            {
                Sequence = s.Sequence,
                Kind = row.Kind,
                Label = row.Headline,
                Agent = s.Agent,
                Offset = offset,
                Duration = s.Duration,
                StartPercent = startPercent,
                WidthPercent = Math.Clamp(width, MinWidthPercent, Math.Max(MinWidthPercent, 100 - startPercent)),
                IsError = row.IsError,
            };
        }).ToArray();
        return new WaterfallPanel { Bars = bars, Span = span, HasDurations = timed.Any(s => s.Duration is { Ticks: > 0 }) };
    }
}
