namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// The index's server did not answer (down, unreachable, timed out): an outage that passes, not a wrong request. Only a
/// remote index (Qdrant) throws it; the search answers from its lexical fallback meanwhile (<see cref="Retrieval.LexicalFallback"/>).
/// The message names the index and the gRPC status, never a URL or a key.
/// </summary>
public sealed class KnowledgeIndexUnavailableException(string message, Exception innerException) : Exception(message, innerException);
