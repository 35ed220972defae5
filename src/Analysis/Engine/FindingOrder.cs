using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Engine;

/// <summary>The one order of findings: by first evidence step, then kind, then last step, then summary (ordinal).</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = First(x).CompareTo(First(y));
        if (c != 0)
        {
            return c;
        }

        c = x.Kind.CompareTo(y.Kind);
        if (c != 0)
        {
            return c;
        }

        c = Last(x).CompareTo(Last(y));
        return c != 0 ? c : string.CompareOrdinal(x.Summary, y.Summary);
    }

    private static long First(Finding f) => f.Steps.Count > 0 ? f.Steps[0] : long.MaxValue;

    private static long Last(Finding f) => f.Steps.Count > 0 ? f.Steps[^1] : long.MaxValue;
}
