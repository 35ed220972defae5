using Martin360.Analysis.Model;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest;

/// <summary>What every step passes through before it is stored, whatever door it came in by.</summary>
public sealed class StepPreparer(IOptions<IngestOptions> options)
{
    private readonly int _maxChars = options.Value.MaxStepTextChars;

    public Trace Prepare(Trace trace) => trace with { Steps = trace.Steps.Select(Prepare).ToArray() };

    public Step Prepare(Step step)
    {
        var input = Bound(step.Input, out var inputCut);
        var output = Bound(step.Output, out var outputCut);
        return inputCut || outputCut ? step with { Input = input, Output = output, Truncated = true } : step;
    }

    private string? Bound(string? text, out bool cut)
    {
        cut = text is not null && text.Length > _maxChars;
        if (!cut)
        {
            return text;
        }

        // Keep the head and the tail: errors and test summaries sit at the end of long outputs.
        var half = _maxChars / 2;
        return string.Concat(text.AsSpan(0, half), $"\n…[{text!.Length - 2 * half} characters cut]…\n", text.AsSpan(text.Length - half));
    }
}
