using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Rules;

/// <summary>One classification rule: reads the prepared trace, returns its findings. Pure.</summary>
public interface IFindingRule
{
    IEnumerable<Finding> Find(AnalysisContext context);
}
