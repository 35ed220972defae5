namespace Martin360.Analysis.Model;

public enum FileAction
{
    Read = 0,
    Edit,
    Create,
    Delete,
}
