using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Portfolio;

/// <summary>
/// Classifies every step of a run into a <see cref="StepCategory"/>. Two linear passes: forward for what each
/// step did, backward so a model call takes the category of the action it produced.
/// </summary>
public static class StepClassifier
{
    private static readonly string[] s_reviewCommands = ["git diff", "git status", "git log", "git show"];
    private static readonly HashSet<string> s_navigationPrograms = new(StringComparer.Ordinal)
    {
        "ls", "find", "grep", "rg", "ag", "cat", "head", "tail", "tree", "pwd", "cd", "less", "more", "wc", "sed", "nl", "fd",
    };

    public static IReadOnlyList<StepCategory> Classify(IReadOnlyList<Step> steps)
    {
        var categories = new StepCategory[steps.Count];
        var edited = new HashSet<string>(StringComparer.Ordinal);
        var afterVerifier = false;
        var lastMessage = -1;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            categories[i] = Forward(step, edited, afterVerifier);
            if (step.Kind == StepKind.AssistantMessage)
            {
                lastMessage = i;
            }

            if (Verification.IsEdit(step))
            {
                foreach (var file in step.Files.Where(f => f.Action != FileAction.Read))
                {
                    edited.Add(PathText.Key(file.Path));
                }
            }

            if (Verification.IsVerifierRun(step))
            {
                afterVerifier = true;
            }
            else if (step.Kind is not (StepKind.ModelCall or StepKind.Thought or StepKind.AssistantMessage))
            {
                afterVerifier = false;
            }
        }

        // The run's closing message is its summary.
        if (lastMessage >= 0 && categories[lastMessage] == StepCategory.Planning && !steps.Skip(lastMessage + 1).Any(IsWork))
        {
            categories[lastMessage] = StepCategory.Summarising;
        }

        var next = StepCategory.Summarising;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i].Kind == StepKind.ModelCall && categories[i] == StepCategory.Other)
            {
                categories[i] = next;
            }
            else if (categories[i] != StepCategory.Other)
            {
                next = categories[i];
            }
        }

        return categories;
    }

    private static bool IsWork(Step step) => step.Kind is not (StepKind.AssistantMessage or StepKind.ModelCall or StepKind.Thought or StepKind.CompletionClaim);

    private static StepCategory Forward(Step step, HashSet<string> edited, bool afterVerifier)
    {
        if (Verification.IsVerifierRun(step))
        {
            return StepCategory.RunningTests;
        }

        if (Verification.IsEdit(step))
        {
            return StepCategory.Editing;
        }

        switch (step.Kind)
        {
            case StepKind.Thought:
                return afterVerifier ? StepCategory.ReadingTestOutput : StepCategory.Planning;
            case StepKind.AssistantMessage:
            case StepKind.ModelCall:
                return afterVerifier ? StepCategory.ReadingTestOutput : step.Kind == StepKind.ModelCall ? StepCategory.Other : StepCategory.Planning;
            case StepKind.CompletionClaim:
                return StepCategory.Summarising;
            case StepKind.Search:
                return StepCategory.Navigation;
            case StepKind.FileRead:
                return step.Files.Any(f => edited.Contains(PathText.Key(f.Path))) ? StepCategory.Reviewing : StepCategory.Navigation;
        }

        if (step.Command is { } command)
        {
            var trimmed = command.TrimStart();
            if (s_reviewCommands.Any(c => trimmed.StartsWith(c, StringComparison.Ordinal)))
            {
                return StepCategory.Reviewing;
            }

            var program = trimmed.Split(' ', 2)[0];
            if (s_navigationPrograms.Contains(program))
            {
                var (_, read) = ShellPaths.Of(command);
                return read.Any(p => edited.Contains(PathText.Key(p))) ? StepCategory.Reviewing : StepCategory.Navigation;
            }
        }

        var name = step.Name?.ToLowerInvariant() ?? "";
        if (name.Contains("todo", StringComparison.Ordinal) || name.Contains("plan", StringComparison.Ordinal) || name == "think")
        {
            return StepCategory.Planning;
        }

        if (name is "grep" or "glob" or "search" or "find" or "ls" or "read" or "view" || name.Contains("search", StringComparison.Ordinal))
        {
            return StepCategory.Navigation;
        }

        return StepCategory.Other;
    }
}
