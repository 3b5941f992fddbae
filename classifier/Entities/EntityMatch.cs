namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// An entity found in a message. <see cref="Type"/> is one of <see cref="EntityTypes"/>; <see cref="Value"/> is the
/// normalised value (<c>ORD-100123</c>, <c>+6281234567890</c>, <c>IDR 1500000</c>, <c>2026-12-22</c>, …);
/// <see cref="Text"/> is exactly <c>message.Substring(Start, Length)</c> and includes the cue words that made the entity
/// recognisable ("order no. 100123", "tiket #123", "next Friday", "from 22 to 24 December").
/// </summary>
public sealed record EntityMatch(string Type, string Value, string Text, int Start, int Length);
