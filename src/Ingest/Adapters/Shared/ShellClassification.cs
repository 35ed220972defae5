using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>What a shell command line does, as far as its text tells: the step kind and the files it touched.</summary>
public sealed record ShellClassification(StepKind Kind, IReadOnlyList<FileTouch> Files)
{
    public static readonly ShellClassification Shell = new(StepKind.ShellCommand, []);
}
