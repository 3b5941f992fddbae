using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

internal static class HrPhrases
{
    public static readonly Phrase AnnualLeave = new("hr.type.annual", "Annual leave", "Cuti tahunan");

    public static readonly Phrase SickLeave = new("hr.type.sick", "Sick leave", "Cuti sakit");

    public static readonly Phrase UnpaidLeave = new("hr.type.unpaid", "Unpaid leave", "Cuti tanpa gaji");

    public static readonly Phrase OneDay = new("hr.days.one", "1 day", "1 hari");

    public static readonly Phrase ManyDays = new("hr.days.many", "{count} days", "{count} hari");

    public static readonly Phrase OneWorkingDay = new("hr.working_days.one", "1 working day", "1 hari kerja");

    public static readonly Phrase ManyWorkingDays = new("hr.working_days.many", "{count} working days", "{count} hari kerja");

    // Leave balance
    public static readonly Phrase BalanceHeader = new(
        "hr.balance.header",
        "Your leave balance for {year}:",
        "Sisa cuti Anda untuk tahun {year}:");

    public static readonly Phrase BalanceLine = new(
        "hr.balance.line",
        "• {type}: {available} available ({entitled} entitled, {used} used, {pending} pending approval)",
        "• {type}: {available} tersedia (jatah {entitled}, terpakai {used}, menunggu persetujuan {pending})");

    public static readonly Phrase NoBalance = new(
        "hr.balance.none",
        "I couldn't find a leave balance for you for {year}. Please contact HR.",
        "Saya tidak menemukan data cuti Anda untuk tahun {year}. Silakan hubungi bagian HR.");

    // Leave request
    public static readonly Phrase AskType = new(
        "hr.leave.ask_type",
        "Which kind of leave would you like to request?",
        "Cuti jenis apa yang ingin Anda ajukan?");

    public static readonly Phrase UnknownType = new(
        "hr.leave.unknown_type",
        "Sorry, I need one of: annual leave, sick leave or unpaid leave.",
        "Maaf, saya perlu salah satu dari: cuti tahunan, cuti sakit, atau cuti tanpa gaji.");

    public static readonly Phrase AskDates = new(
        "hr.leave.ask_dates",
        "For which dates? For example \"22–24 December\", \"tomorrow\" or \"next Friday\".",
        "Untuk tanggal berapa? Misalnya \"22–24 Desember\", \"besok\", atau \"Jumat depan\".");

    public static readonly Phrase NoDate = new(
        "hr.leave.no_date",
        "I couldn't find a date in that.",
        "Saya tidak menemukan tanggal di situ.");

    public static readonly Phrase AskEnd = new(
        "hr.leave.ask_end",
        "Until which date? Your leave would start on {start}.",
        "Sampai tanggal berapa? Cuti Anda dimulai pada {start}.");

    public static readonly Phrase JustThatDay = new("hr.leave.just_that_day", "Just that day", "Hanya hari itu");

    public static readonly Phrase EndBeforeStart = new(
        "hr.leave.end_before_start",
        "The end date ({end}) is before the start date ({start}).",
        "Tanggal selesai ({end}) lebih awal dari tanggal mulai ({start}).");

    public static readonly Phrase InThePast = new(
        "hr.leave.in_the_past",
        "{date} is in the past.",
        "Tanggal {date} sudah lewat.");

    public static readonly Phrase CrossesYear = new(
        "hr.leave.crosses_year",
        "Leave is counted per calendar year, so please split this into two requests: one until 31 December {year} and one from 1 January {next}. What dates shall we start with?",
        "Cuti dihitung per tahun kalender, jadi silakan bagi menjadi dua pengajuan: satu sampai 31 Desember {year} dan satu mulai 1 Januari {next}. Mulai dari tanggal berapa dulu?");

    public static readonly Phrase TooFarAhead = new(
        "hr.leave.too_far",
        "{date} is more than a year ahead; I can take requests up to {limit}.",
        "Tanggal {date} lebih dari setahun ke depan; saya hanya bisa menerima pengajuan sampai {limit}.");

    public static readonly Phrase NoWorkingDays = new(
        "hr.leave.no_working_days",
        "{dates} has no working days (weekends and public holidays don't count), so there is no leave to request.",
        "{dates} tidak mencakup hari kerja (akhir pekan dan hari libur nasional tidak dihitung), jadi tidak ada cuti yang perlu diajukan.");

    public static readonly Phrase OverBalance = new(
        "hr.leave.over_balance",
        "That's {requested}, but you have only {available} of {type} available.",
        "Itu {requested}, tetapi sisa {type} Anda hanya {available}.");

    public static readonly Phrase NothingLeft = new(
        "hr.leave.nothing_left",
        "You have no {type} available for {year} ({available} left), so I can't submit a request. HR can help if you think that's wrong.",
        "Anda tidak memiliki sisa {type} untuk tahun {year} (sisa {available}), jadi pengajuan tidak bisa saya kirim. Silakan hubungi HR jika menurut Anda ini keliru.");

    public static readonly Phrase Confirm = new(
        "hr.leave.confirm",
        "{type} {dates}, {days}, leaving {left}. Submit?",
        "{type} {dates}, {days}, sisa {left}. Ajukan sekarang?");

    public static readonly Phrase ConfirmWithoutBalance = new(
        "hr.leave.confirm_no_balance",
        "{type} {dates}, {days}. Submit?",
        "{type} {dates}, {days}. Ajukan sekarang?");

    public static readonly Phrase ConfirmReprompt = new(
        "hr.leave.confirm_reprompt",
        "Please answer yes or no: shall I submit this leave request?",
        "Mohon jawab ya atau tidak: apakah pengajuan cuti ini saya kirim?");

    public static readonly Phrase Declined = new(
        "hr.leave.declined",
        "OK, I haven't submitted anything.",
        "Baik, tidak ada yang saya ajukan.");

    public static readonly Phrase Submitted = new(
        "hr.leave.submitted",
        "Your leave request {request} is submitted, pending approval by {approver}.",
        "Pengajuan cuti {request} sudah dikirim dan menunggu persetujuan {approver}.");

    public static readonly Phrase SubmittedNoApprover = new(
        "hr.leave.submitted_no_approver",
        "Your leave request {request} is submitted, pending approval.",
        "Pengajuan cuti {request} sudah dikirim dan menunggu persetujuan.");

    public static readonly Phrase SubmittedApproved = new(
        "hr.leave.submitted_approved",
        "Your leave request {request} is submitted and already approved.",
        "Pengajuan cuti {request} sudah dikirim dan langsung disetujui.");

    public static readonly Phrase Insufficient = new(
        "hr.leave.insufficient",
        "The HR system says you don't have enough {type} left: {available} available. Nothing was submitted.",
        "Menurut sistem HR, sisa {type} Anda tidak cukup: tersedia {available}. Tidak ada yang diajukan.");

    public static readonly Phrase Overlaps = new(
        "hr.leave.overlaps",
        "You already have leave on some of those dates, so I didn't submit this request. Please pick other dates.",
        "Anda sudah memiliki cuti pada sebagian tanggal tersebut, jadi pengajuan ini tidak saya kirim. Silakan pilih tanggal lain.");

    public static readonly Phrase Invalid = new(
        "hr.leave.invalid",
        "The HR system didn't accept those dates, so nothing was submitted. Please check the dates and try again, or talk to a person.",
        "Sistem HR tidak menerima tanggal tersebut, jadi tidak ada yang diajukan. Silakan periksa tanggalnya dan coba lagi, atau bicara dengan petugas.");

    public static readonly Phrase GiveUp = new(
        "hr.leave.give_up",
        "Let's stop here for now. You can start again any time with \"request leave\", or talk to a person.",
        "Kita hentikan dulu ya. Anda bisa mulai lagi kapan saja dengan \"ajukan cuti\", atau bicara dengan petugas.");

    public static readonly Phrase NeedsConfirmation = new(
        "hr.leave.needs_confirmation",
        "Nothing is submitted yet: this needs your yes or no here in the chat.",
        "Belum ada yang diajukan: ini memerlukan jawaban ya atau tidak dari Anda di chat ini.");

    // Payslip
    public static readonly Phrase NextPayday = new(
        "hr.payslip.next_payday",
        "Your next payday is {date}.",
        "Tanggal gajian Anda berikutnya adalah {date}.");

    public static readonly Phrase NoNextPayday = new(
        "hr.payslip.no_next_payday",
        "I don't have your next pay date yet.",
        "Tanggal gajian Anda berikutnya belum tersedia.");

    public static readonly Phrase LatestPayslip = new(
        "hr.payslip.latest",
        "Your latest payslip, {period} (paid on {paid}):\nGross: {gross}\nDeductions: {deductions}\nNet: {net}\nDocument: {link}",
        "Slip gaji terakhir Anda, {period} (dibayarkan {paid}):\nGaji kotor: {gross}\nPotongan: {deductions}\nGaji bersih: {net}\nDokumen: {link}");

    public static readonly Phrase NoPayslip = new(
        "hr.payslip.none",
        "I couldn't find a payslip for you yet.",
        "Saya belum menemukan slip gaji untuk Anda.");
}
