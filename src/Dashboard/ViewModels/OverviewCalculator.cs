using System.Globalization;
using Martin360.Ingest.Storage;
using static Martin360.Dashboard.ViewModels.CsvText;

namespace Martin360.Dashboard.ViewModels;

/// <summary>Turns the store's overview facts (day rollups, top runs) into the overview's series. Pure: facts in, report out.</summary>
public static class OverviewCalculator
{
    /// <summary>The spend group of runs that name no model.</summary>
    public const string NoModel = "(no model)";

    /// <summary>The spend group of runs that name no project.</summary>
    public const string NoProject = "(no project)";

    public static OverviewReport Compute(OverviewFacts facts, string bucket, string groupBy)
    {
        var days = facts.Days;
        var buckets = days.Select(d => BucketOf(d.Day, bucket)).Distinct().Order().ToArray();
        var spend = days
            .GroupBy(d => GroupOf(d, groupBy))
            .Select(g =>
            {
                var byBucket = g.GroupBy(d => BucketOf(d.Day, bucket)).ToDictionary(b => b.Key, b => (Usd: b.Sum(d => d.CostUsd), Runs: b.Sum(d => d.Runs)));
                return new SpendSeries(g.Key, buckets.Select(b => byBucket.TryGetValue(b, out var point) ? new SpendPoint(b, point.Usd, point.Runs) : new SpendPoint(b, 0, 0)).ToArray());
            })
            .OrderByDescending(s => s.Total).ThenBy(s => s.Group, StringComparer.Ordinal)
            .ToArray();

        var success = days
            .GroupBy(d => BucketOf(d.Day, bucket))
            .Select(g => new SuccessPoint(g.Key, g.Sum(d => d.Finished), g.Sum(d => d.Verified), g.Sum(d => d.Claimed)))
            .OrderBy(p => p.Bucket)
            .ToArray();

        var value = new ValuePerToken(days.Sum(d => d.Finished), days.Sum(d => d.Verified), days.Sum(d => d.CostUsd), days.Sum(d => d.Tokens));

        var wasted = facts.Waste
            .Where(w => w.Runs > 0)
            .Select(w => new WastedByKind(w.Kind, w.WastedUsd, w.Runs))
            .OrderByDescending(w => w.Usd).ThenBy(w => w.Kind, StringComparer.Ordinal)
            .ToArray();

        var burn = facts.BudgetBurn
            .Where(b => b.LimitUsd > 0)
            .Select(b => new BudgetBurnRow(b.Id, b.Title ?? b.Id, b.CostUsd, b.LimitUsd, b.CostUsd * 100 / b.LimitUsd))
            .OrderByDescending(b => b.Percent).ThenBy(b => b.RunId, StringComparer.Ordinal)
            .Take(OverviewStore.TopRuns)
            .ToArray();

        var unfinished = facts.Unfinished
            .OrderByDescending(r => r.CostUsd).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(OverviewStore.TopRuns)
            .Select(r => new ExpensiveRun(r.Id, r.Title ?? r.Id, r.Agent, r.CostUsd, r.Tokens))
            .ToArray();

        return new OverviewReport
        {
            Buckets = buckets,
            Spend = spend,
            Success = success,
            Value = value,
            Wasted = wasted,
            BudgetBurn = burn,
            TopUnfinished = unfinished,
        };
    }

    public static DateTime BucketOf(DateTime time, string bucket)
    {
        var day = time.Date;
        return bucket switch
        {
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            "month" => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => day,
        };
    }

    public static string GroupOf(OverviewDay day, string groupBy) => groupBy switch
    {
        "model" => day.Model ?? NoModel,
        "project" => day.Project ?? NoProject,
        _ => day.Agent,
    };

    /// <summary>CSV of one chart's data, for a spreadsheet.</summary>
    public static string Csv(OverviewReport report, string chart)
    {
        var lines = new List<string>();
        switch (chart)
        {
            case "spend":
                lines.Add("bucket,group,usd,runs");
                lines.AddRange(report.Spend.SelectMany(s => s.Points.Select(p => Row(Day(p.Bucket), s.Group, Num(p.Usd), p.Runs.ToString(CultureInfo.InvariantCulture)))));
                break;
            case "success":
                lines.Add("bucket,finished,verified,claimed,verified_rate_percent,claimed_rate_percent");
                lines.AddRange(report.Success.Select(p => Row(Day(p.Bucket), $"{p.Finished}", $"{p.Verified}", $"{p.Claimed}", Num(p.VerifiedRate), Num(p.ClaimedRate))));
                break;
            case "wasted":
                lines.Add("finding_kind,wasted_usd,runs");
                lines.AddRange(report.Wasted.Select(w => Row(w.Kind, Num(w.Usd), $"{w.Runs}")));
                break;
            case "budget":
                lines.Add("run_id,title,usd,limit_usd,percent");
                lines.AddRange(report.BudgetBurn.Select(b => Row(b.RunId, b.Title, Num(b.Usd), Num(b.Limit), Num(b.Percent))));
                break;
            case "unfinished":
                lines.Add("run_id,title,agent,usd,tokens");
                lines.AddRange(report.TopUnfinished.Select(r => Row(r.RunId, r.Title, r.Agent, Num(r.Usd), $"{r.Tokens}")));
                break;
            case "value":
                lines.Add("finished,verified,usd,tokens,usd_per_verified,verified_per_million_tokens,verified_per_usd");
                var v = report.Value;
                lines.Add(Row($"{v.Finished}", $"{v.Verified}", Num(v.Usd), $"{v.Tokens}", v.UsdPerVerified is { } u ? Num(u) : "", Num(v.VerifiedPerMillionTokens), Num(v.VerifiedPerUsd)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(chart), chart, "Known charts: spend, success, value, wasted, budget, unfinished.");
        }

        return CsvText.Document(lines);
    }

    private static string Day(DateTime bucket) => bucket.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
