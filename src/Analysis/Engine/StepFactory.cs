using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Engine;

/// <summary>Derives <see cref="StepFacts"/> from one step. Linear in the step's (bounded) text.</summary>
public static class StepFactory
{
    public static StepFacts Create(Step step)
    {
        var written = new List<string>();
        var created = new List<string>();
        var read = new List<string>();
        foreach (var file in step.Files)
        {
            switch (file.Action)
            {
                case FileAction.Read:
                    read.Add(file.Path);
                    break;
                case FileAction.Create:
                    written.Add(file.Path);
                    created.Add(file.Path);
                    break;
                default:
                    written.Add(file.Path);
                    break;
            }
        }

        if (step.Kind == StepKind.ShellCommand || (step.Command is not null && step.Files.Count == 0))
        {
            var (shellWritten, shellRead) = ShellPaths.Of(step.Command);
            written.AddRange(shellWritten);
            read.AddRange(shellRead);
        }

        var isVerifier = step.Verifier is not null || step.Kind == StepKind.VerifierRun;
        bool? verifierPassed = isVerifier ? Verification.RunPassed(step) : null;
        var failed = step.IsError || step.Kind == StepKind.Error || step.ExitCode is { } code && code != 0 || verifierPassed == false;
        var action = NormalisedAction(step);
        var actionKey = StableHash.Add(StableHash.Add(StableHash.Of(step.Kind.ToString()), step.Name), action);
        var observation = Normalizer.ObservationHash(step.Kind is StepKind.AssistantMessage or StepKind.Thought ? null : step.Output);
        var observationKey = StableHash.Add(StableHash.Add(observation, failed ? 1 : 0), step.ExitCode ?? -1);

        return new StepFacts
        {
            IsAction = IsActionKind(step),
            IsUserMessage = step.Kind == StepKind.UserMessage,
            Failed = failed,
            IsVerifier = isVerifier,
            VerifierPassed = verifierPassed,
            Written = written.Count == 0 ? [] : written,
            Created = created.Count == 0 ? [] : created,
            Read = read.Count == 0 ? [] : read,
            Action = action,
            ActionKey = actionKey,
            TargetKey = TargetKey(step, written, read, action),
            ObservationKey = observationKey,
            ErrorSignature = failed ? ErrorSignature.Of(step) : null,
        };
    }

    private static bool IsActionKind(Step step) => step.Kind switch
    {
        StepKind.ToolCall or StepKind.ShellCommand or StepKind.FileRead or StepKind.FileEdit or StepKind.FileCreate
            or StepKind.FileDelete or StepKind.Search or StepKind.VerifierRun or StepKind.AssistantMessage
            or StepKind.CompletionClaim or StepKind.Error or StepKind.UserMessage => true,
        _ => step.Command is not null,
    };

    /// <summary>
    /// The action without its rationale: the command, else the arguments, else (for messages) the text.
    /// Thought text is deliberately left out, so a loop whose reasoning is reworded is still a loop.
    /// </summary>
    private static string NormalisedAction(Step step)
    {
        if (step.Kind is StepKind.AssistantMessage or StepKind.Thought or StepKind.UserMessage or StepKind.CompletionClaim)
        {
            return Normalizer.Action(step.Output ?? step.Input);
        }

        var text = step.Command ?? step.Input;
        if (text is null && step.Files.Count > 0)
        {
            text = string.Join(" ", step.Files.Select(f => f.Path));
        }

        return Normalizer.Action(text);
    }

    /// <summary>What the action aims at: the file for file tools (any tool name), else the program run.</summary>
    private static ulong TargetKey(Step step, List<string> written, List<string> read, string action)
    {
        if (written.Count > 0)
        {
            return StableHash.Add(StableHash.Of("write"), PathText.Key(written[0]));
        }

        if (read.Count > 0 && step.Command is null)
        {
            return StableHash.Add(StableHash.Of("read"), PathText.Key(read[0]));
        }

        var program = MainProgram(action);
        return StableHash.Add(StableHash.Add(StableHash.Of(step.Kind.ToString()), step.Name), program);
    }

    /// <summary>The first two words of the last pipeline stage: "echo x | npx create-next-app ..." aims at npx create-next-app.</summary>
    private static string MainProgram(string action)
    {
        var pipe = action.LastIndexOf(" | ", StringComparison.Ordinal);
        var stage = pipe < 0 ? action : action[(pipe + 3)..];
        var words = stage.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(2));
    }
}
