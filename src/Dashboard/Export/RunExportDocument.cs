using Martin360.Ingest.Native;

namespace Martin360.Dashboard.Export;

/// <summary>
/// A run exported as a martin360/v1 trace document (re-importable: importers skip the extra "analysis" member)
/// with the analysis beside it.
/// </summary>
public sealed record RunExportDocument
{
    public string Format { get; init; } = NativeMapper.Format;
    public required RunDto Run { get; init; }
    public required IReadOnlyList<StepDto> Steps { get; init; }
    public required RunAnalysisDto Analysis { get; init; }
}
