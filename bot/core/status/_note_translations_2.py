"""The registry's notes in Indonesian, part 2 of 3: English note -> Indonesian.

Keyed by each note exactly as ``knowledge/agreements.csv`` has it (generated from the CSV,
so the keys match it byte for byte); :mod:`bot.core.status._notes` makes them ``Text``
values. A translation keeps any ``{placeholder}`` of its note as written.
"""

from __future__ import annotations

from collections.abc import Mapping

INDONESIAN: Mapping[str, str] = {
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); Jakarta Post 2000 named it one of four actively maintained relations."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); Jakarta Post 2000 menyebutnya salah satu dari empat hubungan yang "
        "dipelihara secara aktif."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); 'sejak era tahun 1990', governor met LA deputy mayor Apr 2018 "
        "(beritajakarta 57920)."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); 'sejak era tahun 1990', gubernur bertemu wakil wali kota LA April "
        "2018 (beritajakarta 57920)."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); cooperation with Casablanca-Settat upgraded Apr 2018 (beritajakarta "
        "headline)."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); kerja sama dengan Casablanca-Settat ditingkatkan April 2018 (judul "
        "berita beritajakarta)."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); 'State of Arkansas' in Jakarta Post 2000 list."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); 'State of Arkansas' dalam daftar Jakarta Post 2000."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); also in Jakarta Post 2000 list."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); juga tercantum dalam daftar Jakarta Post 2000."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); planned in 2000 (Jakarta Post)."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); direncanakan pada 2000 (Jakarta Post)."
    ),
    (
        "Sister city since 2004; officials exchange programme signed 27 Mar 2018 (antaranews "
        "2018); also in 21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 "
        "(beritajakarta, official DKI portal)."
    ): (
        "Sister city sejak 2004; program pertukaran pejabat ditandatangani 27 Maret 2018 "
        "(antaranews 2018); juga termasuk 21 mitra yang dicantumkan oleh Kepala Biro KDH & KLN "
        "Jakarta, Februari 2019 (beritajakarta, portal resmi DKI)."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); Governor and Istanbul mayor signed Minutes of Agreement Apr 2018 "
        "(beritajakarta headline, 23 Apr 2018)."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); Gubernur dan Wali Kota Istanbul menandatangani Risalah Kesepakatan "
        "(Minutes of Agreement) April 2018 (judul berita beritajakarta, 23 April 2018)."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal)."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI)."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal) as 'Al Qud's As Shareef'; Wikipedia lists 'East Jerusalem, Palestine'."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI) sebagai 'Al Qud's As Shareef'; Wikipedia mencantumkan 'East "
        "Jerusalem, Palestine'."
    ),
    (
        "LoI signed by Mayors Herry Zudianto and Bassam Raad (Sat 25/10, tempo 26 Oct 2008); MoU "
        "planned 2009, not confirmed; also on Wikipedia list."
    ): (
        "LoI ditandatangani oleh Wali Kota Herry Zudianto dan Bassam Raad (Sabtu 25/10, tempo 26 "
        "Oktober 2008); MoU direncanakan 2009, belum terkonfirmasi; juga tercantum dalam daftar "
        "Wikipedia."
    ),
    ("Exploring sister city cooperation (Mar 2019, VOI); no LoI found."): (
        "Penjajakan kerja sama sister city (Maret 2019, VOI); LoI tidak ditemukan."
    ),
    (
        "Agreed to develop sister city (exploration) 9 Sep 2023 meeting with KBRI Dhaka; no LoI "
        "found."
    ): (
        "Sepakat mengembangkan sister city (penjajakan) dalam pertemuan dengan KBRI Dhaka 9 "
        "September 2023; LoI tidak ditemukan."
    ),
    (
        "LoI 2009 in Yogyakarta, MoU 2011 in Paramaribo (culture, tourism, education, health, "
        "agriculture); Apr 2021 deputy mayor: old MoU about to end, new MoU proposed; also on "
        "Wikipedia list."
    ): (
        "LoI 2009 di Yogyakarta, MoU 2011 di Paramaribo (budaya, pariwisata, pendidikan, "
        "kesehatan, pertanian); April 2021 wakil wali kota: MoU lama segera berakhir, MoU baru "
        "diusulkan; juga tercantum dalam daftar Wikipedia."
    ),
    ("Kemlu Directorate Europe II explored sister city potential 16 Feb 2024; no LoI found."): (
        "Direktorat Eropa II Kemlu menjajaki potensi sister city 16 Februari 2024; LoI tidak "
        "ditemukan."
    ),
    (
        "Sister city in preparation: Czech ambassador and Hluboká mayor visited DIY governor 20 "
        "May 2024; four planned scopes; no LoI date found."
    ): (
        "Sister city dalam persiapan: Duta Besar Ceko dan Wali Kota Hluboká mengunjungi Gubernur "
        "DIY 20 Mei 2024; empat ruang lingkup direncanakan; tanggal LoI tidak ditemukan."
    ),
    (
        "Nota kesepakatan 'kota kembar' signed by Governor Sri Sultan HB X and Shanghai Mayor "
        "Yang Xiong in Shanghai, 'Rabu (6/8)'; year not printed in excerpt (context: 2014)."
    ): (
        "Nota kesepakatan 'kota kembar' ditandatangani oleh Gubernur Sri Sultan HB X dan Wali "
        "Kota Shanghai Yang Xiong di Shanghai, 'Rabu (6/8)'; tahun tidak tercantum dalam kutipan "
        "(konteks: 2014)."
    ),
    (
        "LoI signed in Bulgaria 24 Nov 2009; MoU signed in Surabaya by Mayor Tri Rismaharini and "
        "Varna deputy mayor; Varna called Surabaya's 6th sister city; also on Wikipedia list."
    ): (
        "LoI ditandatangani di Bulgaria 24 November 2009; MoU ditandatangani di Surabaya oleh "
        "Wali Kota Tri Rismaharini dan wakil wali kota Varna; Varna disebut sebagai sister city "
        "ke-6 Surabaya; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Xiamen list of friendship cities: Surabaya 24 Jun 2006; surabayanewsweek 2015: relation "
        "since 2006, active cultural exchange; also on Wikipedia list."
    ): (
        "Daftar kota persahabatan Xiamen: Surabaya 24 Juni 2006; surabayanewsweek 2015: hubungan "
        "sejak 2006, pertukaran budaya aktif; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Jinan govt page: LoI Apr 2010; sister city agreement signed in Jinan Sep 2012; also on "
        "Wikipedia list."
    ): (
        "Laman pemerintah Jinan: LoI April 2010; perjanjian sister city ditandatangani di Jinan "
        "September 2012; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Mayor Gibran (May 2023): old cooperation stalled, to be followed up; Chinese "
        "ambassador: 'at MoU stage'."
    ): (
        "Wali Kota Gibran (Mei 2023): kerja sama lama terhenti, akan ditindaklanjuti; Duta Besar "
        "Tiongkok: 'pada tahap MoU'."
    ),
    (
        "LoI (pernyataan kehendak) on sister city: city planning, culture & tourism, sport & "
        "youth; signed by Mayor Bambang Dwi Hartono and Shah Alam Mayor Mazalan Md. Noor; MoU to "
        "follow (not confirmed); also on Wikipedia list."
    ): (
        "LoI (pernyataan kehendak) sister city: perencanaan kota, budaya & pariwisata, olahraga "
        "& kepemudaan; ditandatangani oleh Wali Kota Bambang Dwi Hartono dan Wali Kota Shah Alam "
        "Mazalan Md. Noor; MoU akan menyusul (belum terkonfirmasi); juga tercantum dalam daftar "
        "Wikipedia."
    ),
    (
        "LoI for 'Friendship City Cooperation' signed in South Tangerang by Mayor Benyamin "
        "Davnie and Miri Mayor Adam Yii (reported 4 Jun 2023 as 'recently')."
    ): (
        "LoI 'Friendship City Cooperation' ditandatangani di Tangerang Selatan oleh Wali Kota "
        "Benyamin Davnie dan Wali Kota Miri Adam Yii (diberitakan 4 Juni 2023 sebagai 'baru-baru "
        "ini')."
    ),
    (
        "Miri City Council lists Singkawang among its established 'Friendship City' ties (Jun "
        "2023)."
    ): (
        "Dewan Kota Miri mencantumkan Singkawang di antara hubungan 'Friendship City' yang telah "
        "terjalin (Juni 2023)."
    ),
    (
        "MoU 21 Aug 1990; renewed every 5 years (WA minister 2017); joint statement reaffirming "
        "25 years signed in Perth 17 Nov 2015 (jpnn); DPRD Jatim approved extension 8 Nov 2022."
    ): (
        "MoU 21 Agustus 1990; diperbarui setiap 5 tahun (menteri WA 2017); pernyataan bersama "
        "yang menegaskan kembali 25 tahun kerja sama ditandatangani di Perth 17 November 2015 "
        "(jpnn); DPRD Jatim menyetujui perpanjangan 8 November 2022."
    ),
    (
        "LoI signed by Governor Ahmad Heryawan and Governor Kim Kwan-yong at Gedung Pakuan "
        "Bandung, 'Sunday (06/05/2018)'; MoU hoped for."
    ): (
        "LoI ditandatangani oleh Gubernur Ahmad Heryawan dan Gubernur Kim Kwan-yong di Gedung "
        "Pakuan Bandung, 'Minggu (06/05/2018)'; MoU diharapkan menyusul."
    ),
    (
        "One of four China sister-province MoUs West Java completed by 10 May 2017 (Guangxi, "
        "Chongqing, Sichuan, then Heilongjiang)."
    ): (
        "Salah satu dari empat MoU sister province dengan Tiongkok yang telah dirampungkan Jawa "
        "Barat per 10 Mei 2017 (Guangxi, Chongqing, Sichuan, lalu Heilongjiang)."
    ),
    ("Sister province MoU signed before 10 May 2017 (jabarprov)."): (
        "MoU sister province ditandatangani sebelum 10 Mei 2017 (jabarprov)."
    ),
    ("LoI, 'soon to be upgraded to sister province' (jabarprov, Jun 2017)."): (
        "LoI, 'segera ditingkatkan menjadi sister province' (jabarprov, Juni 2017)."
    ),
    ("LoI, to be upgraded to sister province (jabarprov, Jun 2017)."): (
        "LoI, akan ditingkatkan menjadi sister province (jabarprov, Juni 2017)."
    ),
    (
        "LoI 'last year' per LPIH chair (Sep 2017); governor committed to MoU (jabarprov 8 Sep "
        "2017)."
    ): (
        "LoI 'tahun lalu' menurut ketua LPIH (September 2017); gubernur berkomitmen pada MoU "
        "(jabarprov 8 September 2017)."
    ),
    (
        "Indonesian party: Otorita Ibu Kota Nusantara (IKN), in Kalimantan Timur; listed under "
        "the province. Comprehensive MoU Feb 2024 (IKN is governed by the Otorita, a special "
        "regional government); Wikipedia scrape lists Nusantara-Astana."
    ): (
        "Pihak Indonesia: Otorita Ibu Kota Nusantara (IKN), di Kalimantan Timur; dicantumkan di "
        "bawah provinsi tersebut. MoU komprehensif Februari 2024 (IKN diselenggarakan oleh "
        "Otorita, pemerintahan daerah khusus); hasil scrape Wikipedia mencantumkan "
        "Nusantara-Astana."
    ),
    ("City link named by indonesia-australia.com (2024); also on Wikipedia list."): (
        "Hubungan antarkota disebut oleh indonesia-australia.com (2024); juga tercantum dalam "
        "daftar Wikipedia."
    ),
    (
        "Sister state first signed Sep 1991; renewed for 5 years Aug 2007 (Brisbane); extension "
        "MoU 9 Jul 2019 (inibaru/antaranews); renewal discussed 2024 (33 years)."
    ): (
        "Sister state pertama kali ditandatangani September 1991; diperbarui untuk 5 tahun pada "
        "Agustus 2007 (Brisbane); MoU perpanjangan 9 Juli 2019 (inibaru/antaranews); pembaruan "
        "dibahas 2024 (33 tahun)."
    ),
    (
        "LoI end of 2020; sister province MoU signed in Badung 'early this week' "
        "(Xinhua/Indonesia Window release Fri 26 Apr 2024)."
    ): (
        "LoI akhir 2020; MoU sister province ditandatangani di Badung 'awal pekan ini' (rilis "
        "Xinhua/Indonesia Window, Jumat 26 April 2024)."
    ),
    (
        "Cooperation MoU officially ended 2019; Feb 2021 Kumamoto governor and RI ambassador "
        "sought LoI to renew and upgrade to sister province."
    ): (
        "MoU kerja sama resmi berakhir 2019; Februari 2021 Gubernur Kumamoto dan Duta Besar RI "
        "mengupayakan LoI untuk memperbarui dan meningkatkannya menjadi sister province."
    ),
    (
        "Yangshuo mayor's letter invited Badung to form sister city (2020, 70 years RI-PRC "
        "ties); Badung welcomed it; no LoI found."
    ): (
        "Surat Wali Kota Yangshuo mengundang Badung membentuk sister city (2020, 70 tahun "
        "hubungan RI-RRT); Badung menyambutnya; LoI tidak ditemukan."
    ),
    (
        "LoI signed by Governor Lukas Enembe and Madang Governor Peter Yama at Gedung Negara "
        "Jayapura, Sunday (21/10/2018)."
    ): (
        "LoI ditandatangani oleh Gubernur Lukas Enembe dan Gubernur Madang Peter Yama di Gedung "
        "Negara Jayapura, Minggu (21/10/2018)."
    ),
    (
        "Sister province initiative pushed at RI-PNG border meeting (euforia.id, c. 2025), "
        "building on Jayapura-Wewak sister city; no LoI found."
    ): (
        "Inisiatif sister province didorong dalam pertemuan perbatasan RI-PNG (euforia.id, "
        "sekitar 2025), melanjutkan sister city Jayapura-Wewak; LoI tidak ditemukan."
    ),
    (
        "LoI signed in Jayapura by Mayors Benhur Tommy Mano and Charles Malenki (papua.us, May "
        "2015, https://www.papua.us/2015/05/kota-jayapura-dan-kota-wewak-jadi.html); existing "
        "sister city Jayapura (Papua) - Wewak (East Sepik) described as successful (euforia.id)."
    ): (
        "LoI ditandatangani di Jayapura oleh Wali Kota Benhur Tommy Mano dan Charles Malenki "
        "(papua.us, Mei 2015, "
        "https://www.papua.us/2015/05/kota-jayapura-dan-kota-wewak-jadi.html); sister city yang "
        "sudah ada, Jayapura (Papua) - Wewak (East Sepik), disebut berhasil (euforia.id)."
    ),
    (
        "MoU in five fields signed by Mayor Vicky Lumentut and Qingdao representative (reported "
        "29 Nov 2015); Kemlu/Kemendagri asked for detailed MoU."
    ): (
        "MoU di lima bidang ditandatangani oleh Wali Kota Vicky Lumentut dan perwakilan Qingdao "
        "(diberitakan 29 November 2015); Kemlu/Kemendagri meminta MoU yang lebih rinci."
    ),
    (
        "Sister city since 1993 but no activities (RI Consul General, antaranews); also "
        "Wikipedia list."
    ): (
        "Sister city sejak 1993 tetapi tanpa kegiatan (Konsul Jenderal RI, antaranews); juga "
        "tercantum dalam daftar Wikipedia."
    ),
    ("Forum post only (low reliability)."): ("Hanya dari unggahan forum (keandalan rendah)."),
    (
        "Sister province MoU signed by Governors Lolo Moliga and S.H. Sarundajang in Pago Pago; "
        "relation declared Oct of previous year by Gov. Togiola (article c. 2013)."
    ): (
        "MoU sister province ditandatangani oleh Gubernur Lolo Moliga dan S.H. Sarundajang di "
        "Pago Pago; hubungan dideklarasikan pada Oktober tahun sebelumnya oleh Gubernur Togiola "
        "(artikel sekitar 2013)."
    ),
    (
        "Protocol of intention Sep 1997 in Samarkand; revived 2007; sister city MoU signed by "
        "Mayors Mawardy Nurdin and Akbar Shukurov at Balaikota 'Rabu (31/5)' (page dated "
        "2011-06-01; year of signing not explicit); also on Wikipedia list."
    ): (
        "Protokol kehendak September 1997 di Samarkand; dihidupkan kembali 2007; MoU sister city "
        "ditandatangani oleh Wali Kota Mawardy Nurdin dan Akbar Shukurov di Balaikota, 'Rabu "
        "(31/5)' (laman bertanggal 2011-06-01; tahun penandatanganan tidak disebut secara "
        "eksplisit); juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Initiated 2014 with MoU (tsunami-linked); Mayor Illiza recommitted 19 Jan 2026, Aceh "
        "provincial permission obtained."
    ): (
        "Dirintis 2014 dengan MoU (terkait tsunami); Wali Kota Illiza menegaskan kembali "
        "komitmennya 19 Januari 2026, izin Pemerintah Aceh telah diperoleh."
    ),
    (
        "Named by Banda Aceh city secretary as an existing twin city (infoaceh); also in old "
        "list on rantaunet mailing list."
    ): (
        "Disebut oleh Sekretaris Daerah Kota Banda Aceh sebagai kota kembar yang sudah ada "
        "(infoaceh); juga tercantum dalam daftar lama di milis rantaunet."
    ),
    (
        "Exploring kota kembar (Mayor Illiza meets RI ambassador to Croatia, 'Senin (9/2)', c. "
        "2015); no LoI found."
    ): (
        "Penjajakan kota kembar (Wali Kota Illiza bertemu Duta Besar RI untuk Kroasia, 'Senin "
        "(9/2)', sekitar 2015); LoI tidak ditemukan."
    ),
    (
        "First MoU 27 Nov 2019 (3 years, expired Nov 2022; kompas); renewed MoU signed 31 Jan "
        "2023 (medcom) for 5 years, scope widened; also on Wikipedia list."
    ): (
        "MoU pertama 27 November 2019 (3 tahun, berakhir November 2022; kompas); MoU pembaruan "
        "ditandatangani 31 Januari 2023 (medcom) untuk 5 tahun, dengan ruang lingkup diperluas; "
        "juga tercantum dalam daftar Wikipedia."
    ),
}
