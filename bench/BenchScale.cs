using System.Globalization;

namespace Martin360.Bench;

/// <summary>
/// M360_BENCH_SCALE (default 1): multiplies the sizes of the store, page and live benchmarks, so development runs can be
/// small (e.g. 0.01) while the reported numbers come from the full size.
/// </summary>
public static class BenchScale
{
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("M360_BENCH_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1;

    public static int Of(int fullSize, int minimum = 1) => Math.Max(minimum, (int)Math.Round(fullSize * Factor));

    public static void Print()
    {
        if (Factor != 1)
        {
            Console.WriteLine($"M360_BENCH_SCALE={Factor.ToString(CultureInfo.InvariantCulture)}: sizes scaled down, numbers are not the benchmark's");
        }
    }
}
