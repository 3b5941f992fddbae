namespace HelpdeskBot.Connectors.Notifications;

/// <summary>How a contact on file is shown back to the user: enough to recognise it, not enough to learn it.</summary>
internal static class ContactMask
{
    /// <summary><c>rina.wijaya@corp.example</c> → <c>r***@corp.example</c>.</summary>
    public static string Email(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }

    /// <summary><c>+6281300000007</c> → <c>+62***0007</c>.</summary>
    public static string Phone(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return phone.Length < 8 ? "***" : string.Concat(phone.AsSpan(0, 3), "***", phone.AsSpan(phone.Length - 4));
    }

    public static string For(ContactChannel channel, string destination) =>
        channel == ContactChannel.Sms ? Phone(destination) : Email(destination);
}
