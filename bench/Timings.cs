using System.Diagnostics;

namespace Martin360.Bench;

/// <summary>Repeats an operation after a warm-up and prints its median and worst time against a goal.</summary>
public static class Timings
{
    public static async Task<IReadOnlyList<double>> RepeatAsync(Func<Task> operation, int warmups, int iterations)
    {
        for (var i = 0; i < warmups; i++)
        {
            await operation();
        }

        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    /// <summary>The value below which <paramref name="percent"/> of the samples fall (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> samples, double percent)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> samples) => Percentile(samples, 50);

    public static string Verdict(double value, double goalMs) => value < goalMs ? "PASS" : "FAIL";

    public static void PrintHeader(int nameWidth) =>
        Console.WriteLine($"{"measured".PadRight(nameWidth)} {"median ms",10} {"max ms",10} {"goal",10} {"result",7}");

    /// <summary>One line: the median decides PASS/FAIL against the goal; the worst run is shown beside it.</summary>
    public static bool PrintRow(string name, int nameWidth, IReadOnlyList<double> samples, double goalMs)
    {
        var median = Median(samples);
        Console.WriteLine($"{name.PadRight(nameWidth)} {median,10:F1} {samples.Max(),10:F1} {"< " + goalMs + " ms",10} {Verdict(median, goalMs),7}");
        return median < goalMs;
    }
}
