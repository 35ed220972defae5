using System.Globalization;
using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Storage;
using static Martin360.Dashboard.ViewModels.CsvText;

namespace Martin360.Dashboard.ViewModels;

/// <summary>Aggregates runs into the overview's series. Pure: runs in, report out.</summary>
public static class OverviewCalculator
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static OverviewReport Compute(IReadOnlyList<OverviewRun> runs, string bucket, string groupBy)
    {
        var buckets = runs.Select(r => BucketOf(r.StartedAtMs, bucket)).Distinct().Order().ToArray();
        var spend = runs
            .GroupBy(r => GroupOf(r, groupBy))
            .Select(g => new SpendSeries(g.Key, buckets.Select(b =>
            {
                var inBucket = g.Where(r => BucketOf(r.StartedAtMs, bucket) == b).ToArray();
                return new SpendPoint(b, inBucket.Sum(r => r.CostUsd ?? 0), inBucket.Length);
            }).ToArray()))
            .OrderByDescending(s => s.Total).ThenBy(s => s.Group, StringComparer.Ordinal)
            .ToArray();

        var finished = runs.Where(r => r.Status != "running").ToArray();
        var success = buckets.Select(b =>
        {
            var inBucket = finished.Where(r => BucketOf(r.StartedAtMs, bucket) == b).ToArray();
            return new SuccessPoint(b, inBucket.Length, inBucket.Count(IsVerified), inBucket.Count(Claimed));
        }).ToArray();

        var value = new ValuePerToken(finished.Length, finished.Count(IsVerified), runs.Sum(r => r.CostUsd ?? 0), runs.Sum(r => r.Tokens));

        var wasted = runs
            .SelectMany(r => FindingsOf(r).Select(f => (Run: r.Id, Kind: f.Kind.ToWire(), Usd: (double)f.WastedUsd)))
            .GroupBy(x => x.Kind)
            .Select(g => new WastedByKind(g.Key, g.Sum(x => x.Usd), g.Select(x => x.Run).Distinct().Count()))
            .OrderByDescending(w => w.Usd).ThenBy(w => w.Kind, StringComparer.Ordinal)
            .ToArray();

        var burn = runs
            .Select(r => (Run: r, Limit: UsdLimitOf(r)))
            .Where(x => x.Limit is > 0)
            .Select(x => new BudgetBurnRow(x.Run.Id, x.Run.Title ?? x.Run.Id, x.Run.CostUsd ?? 0, x.Limit!.Value, (x.Run.CostUsd ?? 0) * 100 / x.Limit.Value))
            .OrderByDescending(b => b.Percent).ThenBy(b => b.RunId, StringComparer.Ordinal)
            .Take(10)
            .ToArray();

        var unfinished = runs
            .Where(r => r.Status == "running")
            .OrderByDescending(r => r.CostUsd ?? 0).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(10)
            .Select(r => new ExpensiveRun(r.Id, r.Title ?? r.Id, r.Agent, r.CostUsd ?? 0, r.Tokens))
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

    public static DateTime BucketOf(long ms, string bucket)
    {
        var day = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.Date;
        return bucket switch
        {
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            "month" => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => day,
        };
    }

    public static string GroupOf(OverviewRun run, string groupBy) => groupBy switch
    {
        "model" => string.IsNullOrEmpty(run.Models) ? "(no model)" : run.Models.Split(',')[0],
        "project" => run.Project ?? "(no project)",
        _ => run.Agent,
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

    private static bool IsVerified(OverviewRun run) => run.Outcome == Outcome.VerifiedSuccess.ToWire();

    private static bool Claimed(OverviewRun run) =>
        run.VerificationJson is { } json && JsonSerializer.Deserialize<VerificationRecord>(json, s_json)?.ClaimedDone == true;

    private static IReadOnlyList<Finding> FindingsOf(OverviewRun run) => RecordMapper.FindingsOf(run.FindingsJson);

    private static double? UsdLimitOf(OverviewRun run)
    {
        if (run.BudgetJson is null)
        {
            return null;
        }

        var budget = JsonSerializer.Deserialize<RunBudget>(run.BudgetJson, s_json);
        return (double?)(budget?.HardUsd ?? budget?.SoftUsd);
    }

    private static string Day(DateTime bucket) => bucket.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
