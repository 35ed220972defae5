namespace Martin360.Ingest.Adapters.Shared;

/// <summary>A command line split into simple commands, with the bodies of its here-documents set aside.</summary>
internal sealed record ShellParse(IReadOnlyList<ShellSegment> Segments, IReadOnlyList<string> HereDocuments);
