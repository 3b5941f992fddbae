namespace HelpdeskBot.Connectors;

/// <summary>The back-office systems the connectors talk to; named in "the … system is not answering" replies and logs.</summary>
public enum BackOfficeSystem { Orders, ItSupport, Hr, Invoicing, Notifications }

/// <summary>
/// A back-office system did not answer (down, timing out, circuit open, 5xx after retries). Skills let it propagate; the
/// conversation engine tells the user in their language, keeps the conversation's state as it was before the turn,
/// and logs it.
/// </summary>
public sealed class BackOfficeUnavailableException : Exception
{
    public BackOfficeUnavailableException() : this(BackOfficeSystem.Orders, "A back-office system is not answering.") { }

    public BackOfficeUnavailableException(string message) : this(BackOfficeSystem.Orders, message) { }

    public BackOfficeUnavailableException(string message, Exception innerException) : this(BackOfficeSystem.Orders, message, innerException) { }

    public BackOfficeUnavailableException(BackOfficeSystem system, string message, Exception? innerException = null)
        : base(message, innerException) => System = system;

    public BackOfficeSystem System { get; }
}
