using System.Runtime.CompilerServices;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Engine;

/// <summary>Derives <see cref="StepFacts"/> from one step. Linear in the step's (bounded) text.</summary>
public static class StepFactory
{
    private static readonly ulong[] s_kindHashes = Enumerable.Range(0, Enum.GetValues<StepKind>().Max(k => (int)k) + 1)
        .Select(k => StableHash.Of(((StepKind)k).ToString()))
        .ToArray();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        var deletesOnly = step.Kind == StepKind.FileDelete || (written.Count > 0 && step.Files.All(f => f.Action is FileAction.Delete or FileAction.Read));
        if (step.Command is not null)
        {
            var (shellWritten, shellRead) = ShellPaths.Of(step.Command);

            // Adapters that list files already said what was read and written; the shell parse adds only what they could not.
            if (step.Kind == StepKind.ShellCommand || step.Files.Count == 0)
            {
                written.AddRange(shellWritten);
                read.AddRange(shellRead);
                deletesOnly |= shellWritten.Count > 0 && ShellPaths.IsDelete(step.Command);
            }

            // Whoever listed the file as edited, a heredoc into it or a touch made it: the agent's own file.
            if (IsShellCreate(step.Command))
            {
                created.AddRange(shellWritten);
            }
        }

        var isVerifier = step.Verifier is not null || step.Kind == StepKind.VerifierRun;
        bool? verifierPassed = isVerifier ? Verification.RunPassed(step) : null;
        var failed = step.IsError || step.Kind == StepKind.Error || step.ExitCode is { } code && code != 0 || verifierPassed == false;
        var actionText = ActionText(step);
        var kindAndName = StableHash.Add(KindHash(step.Kind), step.Name);
        var actionKey = Normalizer.AddAction(kindAndName, actionText, out var mainProgram);
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
            Created = created.Count == 0 ? [] : created.Distinct(StringComparer.Ordinal).ToList(),
            DeletesOnly = deletesOnly && written.Count > 0,
            OpaqueWrite = written.Count > 0 && !failed && string.IsNullOrEmpty(step.Input) && string.IsNullOrEmpty(step.Command),
            Read = read.Count == 0 ? [] : read,
            ActionText = actionText,
            ActionKey = actionKey,
            TargetKey = TargetKey(step, written.Count > 0 ? written : AttemptedWrite(step), read, kindAndName, mainProgram),
            IsWriteAttempt = written.Count > 0 || step.Kind is StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete,
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
    /// The text of the action without its rationale: the command, else the arguments, else (for messages) the text.
    /// Thought text is deliberately left out, so a loop whose reasoning is reworded is still a loop.
    /// </summary>
    private static string? ActionText(Step step)
    {
        if (step.Kind is StepKind.AssistantMessage or StepKind.Thought or StepKind.UserMessage or StepKind.CompletionClaim)
        {
            return step.Output ?? step.Input;
        }

        var text = step.Command ?? step.Input;
        if (text is null && step.Files.Count > 0)
        {
            text = string.Join(" ", step.Files.Select(f => f.Path));
        }

        return text;
    }

    /// <summary>StableHash.Of(kind.ToString()), once per kind.</summary>
    private static ulong KindHash(StepKind kind) =>
        (uint)kind < (uint)s_kindHashes.Length ? s_kindHashes[(int)kind] : StableHash.Of(kind.ToString());

    /// <summary>"cat &gt; f &lt;&lt;EOF" and "touch f" create; the model says so for file tools, the shell does not.</summary>
    private static bool IsShellCreate(string? command)
    {
        if (command is null)
        {
            return false;
        }

        var firstLine = command.Split('\n', 2)[0];
        return (firstLine.Contains("<<", StringComparison.Ordinal) && !firstLine.Contains(">>", StringComparison.Ordinal))
            || firstLine.TrimStart().StartsWith("touch ", StringComparison.Ordinal);
    }

    /// <summary>
    /// The file a refused or failed write aimed at: adapters list only files a step changed, so a failed Edit has none,
    /// yet three failed writes to one file are one attempt repeated. Read from the tool arguments' path field.
    /// </summary>
    private static List<string> AttemptedWrite(Step step)
    {
        if (step.Kind is not (StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete) || step.Input is null)
        {
            return [];
        }

        var path = ToolArguments.PathOf(step.Input);
        return path is null ? [] : [path];
    }

    /// <summary>What the action aims at: the file for file tools (any tool name), else the program run.</summary>
    private static ulong TargetKey(Step step, List<string> written, List<string> read, ulong kindAndName, string mainProgram)
    {
        if (written.Count > 0)
        {
            return StableHash.Add(StableHash.Of("write"), PathText.Key(written[0]));
        }

        if (read.Count > 0 && step.Command is null)
        {
            return StableHash.Add(StableHash.Of("read"), PathText.Key(read[0]));
        }

        return StableHash.Add(kindAndName, mainProgram);
    }
}
