using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

internal static class ItPhrases
{
    public static readonly Phrase NeedsConfirmation = new(
        "it.needs_confirmation",
        "Nothing has been done yet: this needs your yes or no here in the chat.",
        "Belum ada yang dilakukan: ini memerlukan jawaban ya atau tidak dari Anda di chat ini.");

    // Password reset and account unlock
    public static readonly Phrase AskAccountAction = new(
        "it.account.ask_action",
        "Sure. Do you want to reset your password, or unlock your account?",
        "Baik. Anda ingin mereset kata sandi, atau membuka akun yang terkunci?");

    public static readonly Phrase ResetPasswordTitle = new("it.account.reset_title", "Reset password", "Reset kata sandi");

    public static readonly Phrase UnlockAccountTitle = new("it.account.unlock_title", "Unlock account", "Buka kunci akun");

    public static readonly Phrase UnknownAccountAction = new(
        "it.account.unknown_action",
        "Sorry, I need one of: reset password, or unlock account.",
        "Maaf, saya perlu salah satu dari: reset kata sandi, atau buka kunci akun.");

    public static readonly Phrase AskChannel = new(
        "it.account.ask_channel",
        "First I need to check it's you. Where should I send a one-time code: your phone (SMS) or your e-mail on file?",
        "Pertama saya perlu memastikan ini benar Anda. Ke mana kode sekali pakai saya kirim: ponsel Anda (SMS) atau email yang terdaftar?");

    public static readonly Phrase SmsTitle = new("it.account.sms_title", "Phone (SMS)", "Ponsel (SMS)");

    public static readonly Phrase EmailTitle = new("it.account.email_title", "E-mail on file", "Email terdaftar");

    public static readonly Phrase UnknownChannel = new(
        "it.account.unknown_channel",
        "Sorry, I need one of: phone (SMS), or e-mail.",
        "Maaf, saya perlu salah satu dari: ponsel (SMS), atau email.");

    public static readonly Phrase CodeSent = new(
        "it.account.code_sent",
        "I've sent a 6-digit code to {destination}. Please type it here.",
        "Saya sudah mengirim kode 6 digit ke {destination}. Silakan ketik kodenya di sini.");

    public static readonly Phrase NoContact = new(
        "it.account.no_contact",
        "There's no {channel} on file for you, so I can't check it's you this way. Please contact the IT desk.",
        "Tidak ada {channel} yang terdaftar untuk Anda, jadi saya tidak bisa memverifikasi Anda dengan cara ini. Silakan hubungi IT desk.");

    public static readonly Phrase PhoneNumber = new("it.account.phone_number", "phone number", "nomor ponsel");

    public static readonly Phrase EmailAddress = new("it.account.email_address", "e-mail address", "alamat email");

    public static readonly Phrase NotACode = new(
        "it.account.not_a_code",
        "The code is the 6 digits I sent to {destination}.",
        "Kodenya adalah 6 digit yang saya kirim ke {destination}.");

    public static readonly Phrase TypeTheCode = new(
        "it.account.type_code",
        "Please type the 6-digit code, or say \"new code\" to get another one.",
        "Silakan ketik kode 6 digit tersebut, atau ketik \"kode baru\" untuk meminta kode lain.");

    public static readonly Phrase WrongCodeOneLeft = new(
        "it.account.wrong_code_one",
        "That code isn't right. You have 1 attempt left; please type the code again.",
        "Kode tersebut salah. Kesempatan Anda tinggal 1 kali; silakan ketik kodenya lagi.");

    public static readonly Phrase WrongCode = new(
        "it.account.wrong_code",
        "That code isn't right. You have {attempts} attempts left; please type the code again.",
        "Kode tersebut salah. Kesempatan Anda tinggal {attempts} kali; silakan ketik kodenya lagi.");

    public static readonly Phrase LockedOut = new(
        "it.account.locked_out",
        "That was the last attempt, so I've stopped here to keep your account safe. Please talk to a person at the IT desk.",
        "Itu kesempatan terakhir, jadi saya hentikan di sini demi keamanan akun Anda. Silakan bicara dengan petugas IT desk.");

    public static readonly Phrase CodeExpired = new(
        "it.account.code_expired",
        "That code has expired. Shall I send a new one to {destination}?",
        "Kode tersebut sudah kedaluwarsa. Apakah saya kirim kode baru ke {destination}?");

    public static readonly Phrase ConfirmReset = new(
        "it.account.confirm_reset",
        "Thanks, that's you. Reset your password now? A reset link will be sent to your e-mail on file.",
        "Terima kasih, identitas Anda sudah terverifikasi. Reset kata sandi sekarang? Tautan reset akan dikirim ke email Anda yang terdaftar.");

    public static readonly Phrase ConfirmUnlock = new(
        "it.account.confirm_unlock",
        "Thanks, that's you. Unlock your account now?",
        "Terima kasih, identitas Anda sudah terverifikasi. Buka kunci akun Anda sekarang?");

    public static readonly Phrase ConfirmReprompt = new(
        "it.account.confirm_reprompt",
        "Please answer yes or no.",
        "Mohon jawab ya atau tidak.");

    public static readonly Phrase AccountDeclined = new(
        "it.account.declined",
        "OK, I haven't changed anything on your account.",
        "Baik, tidak ada yang saya ubah pada akun Anda.");

    public static readonly Phrase ResetDone = new(
        "it.account.reset_done",
        "Done: a reset link was sent to {destination}. I never see or show passwords.",
        "Selesai: tautan reset sudah dikirim ke {destination}. Saya tidak pernah melihat atau menampilkan kata sandi.");

    public static readonly Phrase ResetDoneNoDestination = new(
        "it.account.reset_done_on_file",
        "Done: a reset link was sent to your e-mail on file. I never see or show passwords.",
        "Selesai: tautan reset sudah dikirim ke email Anda yang terdaftar. Saya tidak pernah melihat atau menampilkan kata sandi.");

    public static readonly Phrase UnlockDone = new(
        "it.account.unlock_done",
        "Done: your account is unlocked. You can sign in again.",
        "Selesai: akun Anda sudah tidak terkunci. Anda bisa masuk kembali.");

    public static readonly Phrase WasNotLocked = new(
        "it.account.not_locked",
        "Your account wasn't locked, so there was nothing to unlock. If you still can't sign in, try a password reset.",
        "Akun Anda tidak sedang terkunci, jadi tidak ada yang perlu dibuka. Jika masih tidak bisa masuk, coba reset kata sandi.");

    public static readonly Phrase AccountActionFailed = new(
        "it.account.failed",
        "The identity system couldn't do that for your account. Please contact the IT desk.",
        "Sistem identitas tidak dapat memproses akun Anda. Silakan hubungi IT desk.");

    public static readonly Phrase AccountGiveUp = new(
        "it.account.give_up",
        "Let's stop here for now. You can start again any time, or talk to a person at the IT desk.",
        "Kita hentikan dulu ya. Anda bisa mulai lagi kapan saja, atau bicara dengan petugas IT desk.");

    public static readonly Phrase NewCodeTitle = new("it.account.new_code_title", "Send a new code", "Kirim kode baru");

    public static readonly Phrase IdentityCheckNeeded = new(
        "it.account.identity_check_needed",
        "Nothing has been changed yet: first you prove it's you with a one-time code here in the chat.",
        "Belum ada yang diubah: Anda perlu membuktikan identitas dengan kode sekali pakai di chat ini terlebih dahulu.");

    // Tickets
    public static readonly Phrase Hardware = new("it.category.hardware", "Hardware", "Perangkat keras");

    public static readonly Phrase Software = new("it.category.software", "Software", "Perangkat lunak");

    public static readonly Phrase Network = new("it.category.network", "Network", "Jaringan");

    public static readonly Phrase Access = new("it.category.access", "Access", "Akses");

    public static readonly Phrase Email = new("it.category.email", "E-mail", "Email");

    public static readonly Phrase Printer = new("it.category.printer", "Printer or scanner", "Printer atau scanner");

    public static readonly Phrase Low = new("it.urgency.low", "Low", "Rendah");

    public static readonly Phrase Medium = new("it.urgency.medium", "Medium", "Sedang");

    public static readonly Phrase High = new("it.urgency.high", "High", "Tinggi");

    public static readonly Phrase Critical = new("it.urgency.critical", "Critical", "Kritis");

    public static readonly Phrase AskCategory = new(
        "it.ticket.ask_category",
        "What is the problem about?",
        "Masalahnya terkait apa?");

    public static readonly Phrase UnknownCategory = new(
        "it.ticket.unknown_category",
        "Sorry, I need one of: hardware, software, network, access, e-mail, or printer.",
        "Maaf, saya perlu salah satu dari: perangkat keras, perangkat lunak, jaringan, akses, email, atau printer.");

    public static readonly Phrase AskDescription = new(
        "it.ticket.ask_description",
        "Please describe the problem in a sentence or two (what happens, and since when).",
        "Silakan jelaskan masalahnya dalam satu atau dua kalimat (apa yang terjadi, dan sejak kapan).");

    public static readonly Phrase EmptyDescription = new(
        "it.ticket.empty_description",
        "I need a few words about the problem.",
        "Saya perlu sedikit penjelasan tentang masalahnya.");

    public static readonly Phrase AskUrgency = new(
        "it.ticket.ask_urgency",
        "How urgent is it?",
        "Seberapa mendesak masalah ini?");

    public static readonly Phrase UnknownUrgency = new(
        "it.ticket.unknown_urgency",
        "Sorry, I need one of: low, medium, high, or critical.",
        "Maaf, saya perlu salah satu dari: rendah, sedang, tinggi, atau kritis.");

    public static readonly Phrase SimilarTicket = new(
        "it.ticket.similar",
        "You already have an open ticket that looks similar: {ticket} \"{title}\" ({status}). Shall I add your description to it as a comment, or create a new ticket?",
        "Anda sudah punya tiket terbuka yang mirip: {ticket} \"{title}\" ({status}). Apakah penjelasan Anda saya tambahkan sebagai komentar di tiket itu, atau saya buatkan tiket baru?");

    public static readonly Phrase CommentOrNew = new(
        "it.ticket.comment_or_new",
        "Shall I add your description to {ticket} as a comment, or create a new ticket?",
        "Apakah penjelasan Anda saya tambahkan sebagai komentar di {ticket}, atau saya buatkan tiket baru?");

    public static readonly Phrase AddToTicketTitle = new("it.ticket.add_to_title", "Add to {ticket}", "Tambahkan ke {ticket}");

    public static readonly Phrase NewTicketTitle = new("it.ticket.new_title", "Create a new ticket", "Buat tiket baru");

    public static readonly Phrase UnknownSimilarChoice = new(
        "it.ticket.unknown_similar_choice",
        "Sorry, I need one of: add to {ticket}, or create a new ticket.",
        "Maaf, saya perlu salah satu dari: tambahkan ke {ticket}, atau buat tiket baru.");

    public static readonly Phrase ConfirmTicket = new(
        "it.ticket.confirm",
        "Create a ticket? Category: {category}; urgency: {urgency}; description: \"{description}\".",
        "Buat tiket? Kategori: {category}; tingkat urgensi: {urgency}; deskripsi: \"{description}\".");

    public static readonly Phrase ConfirmTicketReprompt = new(
        "it.ticket.confirm_reprompt",
        "Please answer yes or no: shall I create this ticket?",
        "Mohon jawab ya atau tidak: apakah tiket ini saya buat?");

    public static readonly Phrase TicketDeclined = new(
        "it.ticket.declined",
        "OK, I haven't created a ticket.",
        "Baik, tiket tidak saya buat.");

    public static readonly Phrase TicketCreated = new(
        "it.ticket.created",
        "Ticket {ticket} created, urgency {urgency}; the IT desk will contact you.",
        "Tiket {ticket} sudah dibuat dengan tingkat urgensi {urgency}; tim IT desk akan menghubungi Anda.");

    public static readonly Phrase CommentAdded = new(
        "it.ticket.comment_added",
        "I've added your description to {ticket} as a comment; the IT desk will see it there.",
        "Penjelasan Anda sudah saya tambahkan sebagai komentar di {ticket}; tim IT desk akan melihatnya di sana.");

    public static readonly Phrase CommentFailed = new(
        "it.ticket.comment_failed",
        "I couldn't add it to {ticket} (it may have just been closed). Shall I create a new ticket instead?",
        "Saya tidak bisa menambahkannya ke {ticket} (mungkin tiket itu baru saja ditutup). Apakah saya buatkan tiket baru saja?");

    public static readonly Phrase TicketGiveUp = new(
        "it.ticket.give_up",
        "Let's stop here for now. You can report the problem again any time, or talk to a person.",
        "Kita hentikan dulu ya. Anda bisa melaporkan masalahnya lagi kapan saja, atau bicara dengan petugas.");

    // Ticket status
    public static readonly Phrase StatusOpen = new("it.status.open", "open", "terbuka");

    public static readonly Phrase StatusInProgress = new("it.status.in_progress", "in progress", "sedang dikerjakan");

    public static readonly Phrase StatusResolved = new("it.status.resolved", "resolved", "sudah diselesaikan");

    public static readonly Phrase StatusClosed = new("it.status.closed", "closed", "ditutup");

    public static readonly Phrase TicketStatusLine = new(
        "it.ticket.status",
        "Ticket {ticket} \"{title}\" is {status}. Last updated {updated}; {assignee}.",
        "Tiket {ticket} \"{title}\" berstatus {status}. Terakhir diperbarui {updated}; {assignee}.");

    public static readonly Phrase AssignedTo = new("it.ticket.assigned_to", "assigned to {name}", "ditangani oleh {name}");

    public static readonly Phrase NotAssigned = new("it.ticket.not_assigned", "not assigned to anyone yet", "belum ditangani petugas");

    public static readonly Phrase TicketNotFound = new(
        "it.ticket.not_found",
        "I couldn't find ticket {ticket} among your tickets. Please check the number — it looks like IT-000123.",
        "Saya tidak menemukan tiket {ticket} di antara tiket Anda. Mohon periksa nomornya — formatnya seperti IT-000123.");

    public static readonly Phrase OpenTicketsHeader = new(
        "it.ticket.open_header",
        "Your open tickets:",
        "Tiket Anda yang masih terbuka:");

    public static readonly Phrase WhichTicket = new(
        "it.ticket.which",
        "Which one would you like to check? You can also type a ticket number, like IT-000123.",
        "Tiket mana yang ingin Anda cek? Anda juga bisa mengetik nomor tiket, seperti IT-000123.");

    public static readonly Phrase NoOpenTickets = new(
        "it.ticket.none_open",
        "You have no open IT tickets. To check a closed one, ask with its number, e.g. \"status of IT-000123\".",
        "Anda tidak punya tiket IT yang masih terbuka. Untuk mengecek tiket yang sudah ditutup, sebutkan nomornya, misalnya \"status tiket IT-000123\".");

    public static readonly Phrase NotATicketNumber = new(
        "it.ticket.not_a_number",
        "I couldn't find a ticket number in that.",
        "Saya tidak menemukan nomor tiket di situ.");

    public static readonly Phrase TicketStatusGiveUp = new(
        "it.ticket.status_give_up",
        "I still couldn't find a ticket number, so let's stop here. You can ask again any time, e.g. \"status of IT-000123\".",
        "Saya masih belum menemukan nomor tiket, jadi kita hentikan dulu. Anda bisa bertanya lagi kapan saja, misalnya \"status tiket IT-000123\".");

    // Software
    public static readonly Phrase AskSoftware = new(
        "it.software.ask",
        "Which software do you need?",
        "Software apa yang Anda butuhkan?");

    public static readonly Phrase UnknownSoftware = new(
        "it.software.unknown",
        "Sorry, I need one of: {choices}.",
        "Maaf, saya perlu salah satu dari: {choices}.");

    public static readonly Phrase AskJustification = new(
        "it.software.ask_justification",
        "{software} needs your manager's approval. What do you need it for?",
        "{software} memerlukan persetujuan atasan Anda. Untuk keperluan apa?");

    public static readonly Phrase AskOptionalJustification = new(
        "it.software.ask_optional_justification",
        "What do you need {software} for? This is optional — you can skip it.",
        "Untuk keperluan apa Anda membutuhkan {software}? Ini opsional — Anda bisa melewatinya.");

    public static readonly Phrase JustificationRequired = new(
        "it.software.justification_required",
        "Your manager needs a short reason to approve {software}.",
        "Atasan Anda memerlukan alasan singkat untuk menyetujui {software}.");

    public static readonly Phrase SkipTitle = new("it.software.skip", "Skip", "Lewati");

    public static readonly Phrase ConfirmSoftware = new(
        "it.software.confirm",
        "Request {software}{details}?",
        "Ajukan permintaan {software}{details}?");

    public static readonly Phrase NeedsApprovalDetail = new(
        "it.software.needs_approval",
        " (it goes to your manager for approval)",
        " (akan diteruskan ke atasan Anda untuk disetujui)");

    public static readonly Phrase LicenceDetail = new(
        "it.software.licence",
        " (a paid licence)",
        " (lisensi berbayar)");

    public static readonly Phrase ConfirmSoftwareReprompt = new(
        "it.software.confirm_reprompt",
        "Please answer yes or no: shall I send this software request?",
        "Mohon jawab ya atau tidak: apakah permintaan software ini saya kirim?");

    public static readonly Phrase SoftwareDeclined = new(
        "it.software.declined",
        "OK, I haven't requested anything.",
        "Baik, tidak ada yang saya ajukan.");

    public static readonly Phrase SentForApproval = new(
        "it.software.sent_for_approval",
        "Request {request} for {software} was sent to your manager {approver} for approval.",
        "Permintaan {request} untuk {software} sudah dikirim ke atasan Anda, {approver}, untuk disetujui.");

    public static readonly Phrase SentForApprovalNoName = new(
        "it.software.sent_for_approval_no_name",
        "Request {request} for {software} was sent to your manager for approval.",
        "Permintaan {request} untuk {software} sudah dikirim ke atasan Anda untuk disetujui.");

    public static readonly Phrase SoftwareApproved = new(
        "it.software.approved",
        "Request {request} for {software} is approved; it will be installed for you.",
        "Permintaan {request} untuk {software} sudah disetujui; software akan dipasang untuk Anda.");

    public static readonly Phrase SoftwareFulfilled = new(
        "it.software.fulfilled",
        "Request {request} for {software} is done; it's ready for you.",
        "Permintaan {request} untuk {software} sudah selesai; software siap digunakan.");

    public static readonly Phrase SoftwareRejected = new(
        "it.software.rejected",
        "Request {request} for {software} was not approved.",
        "Permintaan {request} untuk {software} tidak disetujui.");

    public static readonly Phrase SoftwareRequestsHeader = new(
        "it.software.requests_header",
        "Your software requests:",
        "Permintaan software Anda:");

    public static readonly Phrase SoftwareRequestLine = new(
        "it.software.request_line",
        "• {software} ({request}): {status}, requested {date}",
        "• {software} ({request}): {status}, diajukan {date}");

    public static readonly Phrase PendingApprovalBy = new("it.software.pending_by", "waiting for approval by {approver}", "menunggu persetujuan {approver}");

    public static readonly Phrase PendingApproval = new("it.software.pending", "waiting for approval", "menunggu persetujuan");

    public static readonly Phrase ApprovedStatus = new("it.software.status_approved", "approved, to be installed", "disetujui, akan dipasang");

    public static readonly Phrase FulfilledStatus = new("it.software.status_fulfilled", "installed", "sudah dipasang");

    public static readonly Phrase RejectedStatus = new("it.software.status_rejected", "not approved", "tidak disetujui");

    public static readonly Phrase NoSoftwareRequests = new(
        "it.software.no_requests",
        "You have no software requests.",
        "Anda belum punya permintaan software.");

    public static readonly Phrase CatalogHeader = new(
        "it.software.catalog_header",
        "Software you can request:",
        "Software yang bisa Anda minta:");

    public static readonly Phrase EmptyCatalog = new(
        "it.software.empty_catalog",
        "The software catalogue is empty right now. Please contact the IT desk.",
        "Katalog software sedang kosong. Silakan hubungi IT desk.");

    public static readonly Phrase SoftwareGiveUp = new(
        "it.software.give_up",
        "Let's stop here for now. You can request software again any time, or talk to a person.",
        "Kita hentikan dulu ya. Anda bisa meminta software lagi kapan saja, atau bicara dengan petugas.");
}
