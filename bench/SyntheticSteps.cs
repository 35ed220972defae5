using System.Text;
using Martin360.Analysis.Model;
using Martin360.Ingest.Native;

namespace Martin360.Bench;

/// <summary>Generated coding-agent steps (read, edit, run, think, answer) with made-up text, as the benchmarks post or store them.</summary>
public static class SyntheticSteps
{
    private static readonly string[] s_words =
    [
        "the", "test", "fails", "because", "parser", "returns", "None", "when", "value", "is", "negative", "let", "me", "check",
        "src/app/parser.py", "def", "parse_duration(value):", "assert", "result", "==", "expected", "import", "datetime", "timedelta",
        "FAILED", "tests/test_parser.py::test_neg", "AssertionError", "line", "42", "in", "match", "groupdict()", "sign", "days",
    ];

    /// <summary>
    /// One step; the kind cycles with the sequence (shell, read, edit, thought, message), so every run has each kind.
    /// <paramref name="text"/> is the step's main text (the edit's input, otherwise the output).
    /// </summary>
    public static StepDto Step(Random random, long sequence, DateTimeOffset timestamp, string text, string model = "claude-sonnet-4-5", decimal costUsd = 0.004m)
    {
        var step = new StepDto
        {
            Id = $"s{sequence:D5}",
            Sequence = sequence,
            Timestamp = timestamp,
            Model = model,
            Tokens = new TokensDto { Input = 1_000 + random.Next(5_000), Output = 50 + random.Next(800), CacheRead = random.Next(20_000) },
            CostUsd = costUsd,
        };
        switch (sequence % 5)
        {
            case 0:
                step.Kind = StepKind.ShellCommand.ToWire();
                step.Command = $"grep -rn parse_duration src/app/{random.Next(10)}";
                step.ExitCode = random.Next(4) == 0 ? 1 : 0;
                step.Output = text;
                break;
            case 1:
                step.Kind = StepKind.FileRead.ToWire();
                step.Files = [new FileDto { Path = $"src/app/module{random.Next(20)}.py", Action = "read" }];
                step.Output = text;
                break;
            case 2:
                step.Kind = StepKind.FileEdit.ToWire();
                step.Files = [new FileDto { Path = $"src/app/module{random.Next(20)}.py", Action = "edit" }];
                step.Input = text;
                step.Output = "The file has been edited.";
                break;
            case 3:
                step.Kind = StepKind.Thought.ToWire();
                step.Output = text;
                break;
            default:
                step.Kind = StepKind.AssistantMessage.ToWire();
                step.Output = text;
                break;
        }

        return step;
    }

    /// <summary>Turns a shell step into a test run (pytest) that passed or failed, as an agent's verifier step.</summary>
    public static void MakeVerifierRun(StepDto step, bool passed, int tests)
    {
        step.Kind = StepKind.VerifierRun.ToWire();
        step.Command = "pytest -q tests";
        step.ExitCode = passed ? 0 : 1;
        step.Verifier = new VerifierDto { Framework = "pytest", Passed = passed ? tests : tests - 1, Failed = passed ? 0 : 1, Success = passed };
        step.Output = passed ? $"{tests} passed in 3.21s" : $"FAILED tests/test_parser.py::test_neg - AssertionError\n1 failed, {tests - 1} passed in 3.40s";
    }

    /// <summary>Words of an agent's log, cut to <paramref name="length"/> characters.</summary>
    public static string Text(Random random, int length)
    {
        var builder = new StringBuilder(length + 40);
        while (builder.Length < length)
        {
            builder.Append(s_words[random.Next(s_words.Length)]).Append(random.Next(12) == 0 ? '\n' : ' ');
        }

        return builder.ToString(0, length);
    }
}
