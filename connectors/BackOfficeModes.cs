namespace HelpdeskBot.Connectors;

/// <summary>Which back-office systems are the company's real ones (<c>Connectors:{System}:Mode=Http</c>) rather than the demo back office.</summary>
public sealed record BackOfficeModes(IReadOnlySet<BackOfficeSystem> RealSystems)
{
    /// <summary>True when every system is the embedded demo back office, so its demo users and outbox mean nothing real.</summary>
    public bool AllDemo => RealSystems.Count == 0;
}
