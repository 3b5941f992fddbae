namespace HelpdeskBot.Classifier.Entities;

/// <summary>The kinds of personal data <see cref="PersonalDataMasker"/> recognises; each is masked as <c>[kind]</c>.</summary>
public enum PersonalDataKind
{
    Email,
    Phone,
    Card,
    Nik,
    Npwp,
    Account,
    Password,
}

/// <summary>A stretch of text holding personal data: <c>text.Substring(Start, Length)</c> is the value itself.</summary>
public readonly record struct PersonalDataMatch(PersonalDataKind Kind, int Start, int Length);

/// <summary>How much of a value a reader is shown.</summary>
public enum DataExposure
{
    /// <summary>Only the kind: <c>[card]</c>.</summary>
    Hidden,

    /// <summary>The kind and the last four digits: <c>[card …1111]</c>. Not for e-mail addresses.</summary>
    Last4,

    /// <summary>
    /// Enough to recognise it: an e-mail's first letter and domain (<c>b***@example.co.id</c>); a number's first and last
    /// four digits with the rest starred (<c>[phone 0812****7890]</c>).
    /// </summary>
    Partial,

    /// <summary>The value as typed.</summary>
    Full,
}

/// <summary>
/// What a reader sees of each kind of personal data. <see cref="Masked"/> (everything hidden) is what is stored and
/// logged; the agent console uses a configured view. Passwords have no setting: they are always hidden.
/// </summary>
public sealed record PersonalDataView
{
    /// <summary>Every kind hidden: the view of transcripts, logs, analytics and model prompts.</summary>
    public static PersonalDataView Masked { get; } = new()
    {
        Email = DataExposure.Hidden, Phone = DataExposure.Hidden, Card = DataExposure.Hidden,
        Nik = DataExposure.Hidden, Npwp = DataExposure.Hidden, Account = DataExposure.Hidden,
    };

    public DataExposure Email { get; init; } = DataExposure.Partial;

    public DataExposure Phone { get; init; } = DataExposure.Last4;

    public DataExposure Card { get; init; } = DataExposure.Last4;

    public DataExposure Nik { get; init; } = DataExposure.Hidden;

    public DataExposure Npwp { get; init; } = DataExposure.Hidden;

    public DataExposure Account { get; init; } = DataExposure.Hidden;

    public DataExposure For(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Email => Email,
        PersonalDataKind.Phone => Phone,
        PersonalDataKind.Card => Card,
        PersonalDataKind.Nik => Nik,
        PersonalDataKind.Npwp => Npwp,
        PersonalDataKind.Account => Account,
        _ => DataExposure.Hidden,
    };
}
