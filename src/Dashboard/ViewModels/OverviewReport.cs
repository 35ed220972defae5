namespace Martin360.Dashboard.ViewModels;

/// <summary>Everything the overview shows, computed from the runs in range.</summary>
public sealed record OverviewReport
{
    public required IReadOnlyList<DateTime> Buckets { get; init; }
    public required IReadOnlyList<SpendSeries> Spend { get; init; }
    public required IReadOnlyList<SuccessPoint> Success { get; init; }
    public required ValuePerToken Value { get; init; }
    public required IReadOnlyList<WastedByKind> Wasted { get; init; }
    public required IReadOnlyList<BudgetBurnRow> BudgetBurn { get; init; }
    public required IReadOnlyList<ExpensiveRun> TopUnfinished { get; init; }
}

/// <summary>Spend of one agent, model or project per time bucket.</summary>
public sealed record SpendSeries(string Group, IReadOnlyList<SpendPoint> Points)
{
    public double Total => Points.Sum(p => p.Usd);
}

public sealed record SpendPoint(DateTime Bucket, double Usd, int Runs)
{
    public string Label => Bucket.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Verified successes over finished runs, beside the rate at which agents claimed success.</summary>
public sealed record SuccessPoint(DateTime Bucket, int Finished, int Verified, int Claimed)
{
    public double VerifiedRate => Finished == 0 ? 0 : Verified * 100.0 / Finished;
    public double ClaimedRate => Finished == 0 ? 0 : Claimed * 100.0 / Finished;

    public string Label => Bucket.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ValuePerToken(int Finished, int Verified, double Usd, long Tokens)
{
    /// <summary>USD per verified completion; null when nothing was verified.</summary>
    public double? UsdPerVerified => Verified == 0 ? null : Usd / Verified;

    public double VerifiedPerMillionTokens => Tokens == 0 ? 0 : Verified / (Tokens / 1_000_000.0);

    public double VerifiedPerUsd => Usd == 0 ? 0 : Verified / Usd;
}

public sealed record WastedByKind(string Kind, double Usd, int Runs);

public sealed record BudgetBurnRow(string RunId, string Title, double Usd, double Limit, double Percent);

public sealed record ExpensiveRun(string RunId, string Title, string Agent, double Usd, long Tokens);
